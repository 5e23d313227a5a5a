using System.Text.Json;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Api.Requests;

/// <summary>
/// DeleteOptions from the query string or a JSON body (the body wins when it is not empty), validated as
/// upstream does (metav1 validation ValidateDeleteOptions).
/// </summary>
internal static class DeleteOptionsReader
{
    private static readonly string[] Policies = ["Foreground", "Background", "Orphan"];

    /// <summary>The supported values as ValidateDeleteOptions lists them (not sorted, "nil" included).</summary>
    private static readonly string[] ReportedPolicies = [.. Policies, "nil"];

    public static async Task<DeleteOptions> ReadAsync(HttpContext ctx)
    {
        var query = ctx.Request.Query;
        var body = await RequestBody.ReadAsync(ctx.Request, ctx.RequestAborted);
        V1DeleteOptions? fromBody = null;
        if (body.Length > 0)
        {
            try
            {
                fromBody = JsonSerializer.Deserialize<V1DeleteOptions>(body, KubernetesJsonOptions.Default);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or FormatException)
            {
                throw ApiException.BadRequest($"the body of the request was in an unknown format - accepted media types include: application/json: {e.Message}");
            }
        }
        var dryRun = fromBody?.DryRun is { Count: > 0 } list
            ? ValidateDryRun(list)
            : QueryParameters.DryRun(query, "DeleteOptions");
        var grace = fromBody?.GracePeriodSeconds ?? QueryParameters.Int64(query, "gracePeriodSeconds");
        var policy = fromBody?.PropagationPolicy ?? QueryParameters.String(query, "propagationPolicy");
        var orphan = fromBody?.OrphanDependents ?? (query.ContainsKey("orphanDependents") ? QueryParameters.Bool(query, "orphanDependents") : null);
        var errors = new List<FieldError>();
        if (policy is not null && orphan is not null)
        {
            errors.Add(FieldError.Invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (policy is not null && !Policies.Contains(policy))
        {
            errors.Add(FieldError.NotSupported("propagationPolicy", policy, ReportedPolicies));
        }
        if (errors.Count > 0)
        {
            throw ApiException.InvalidOptions("DeleteOptions", errors);
        }
        return new DeleteOptions(dryRun, grace, fromBody?.Preconditions?.Uid, fromBody?.Preconditions?.ResourceVersion);
    }

    private static bool ValidateDryRun(IList<string> values)
    {
        if (values.Count == 1 && values[0] == "All")
        {
            return true;
        }
        throw ApiException.InvalidOptions("DeleteOptions", [FieldError.NotSupported("dryRun", values.ToList(), ["All"])]);
    }
}
