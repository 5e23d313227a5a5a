using System.Globalization;
using Microsoft.Extensions.Primitives;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Api.Requests;

/// <summary>
/// Reads kube-apiserver query parameters: booleans are true unless absent, "0" or "false" (any case), so
/// <c>?watch=</c> is true; undecodable numbers are 400; unknown parameters are ignored.
/// </summary>
internal static class QueryParameters
{
    public static bool Bool(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return false;
        }
        var v = values.ToString();
        return !(v == "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase));
    }

    public static string? String(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) ? values[0] : null;

    public static long? Int64(IQueryCollection query, string name)
    {
        var text = String(query, name);
        if (text is null)
        {
            return null;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ApiException.BadRequest($"invalid value for query parameter {name}: {GoValue.Quote(text)}: strconv.ParseInt: parsing {GoValue.Quote(text)}: invalid syntax");
        }
        return value;
    }

    /// <summary>dryRun: only "All" is supported (metav1 validation ValidateDryRun).</summary>
    public static bool DryRun(IQueryCollection query, string optionsKind)
    {
        if (!query.TryGetValue("dryRun", out var values))
        {
            return false;
        }
        var list = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (list.Count == 0)
        {
            return false;
        }
        if (list.Count == 1 && list[0] == "All")
        {
            return true;
        }
        throw ApiException.InvalidOptions(optionsKind, [FieldError.NotSupported("dryRun", list, ["All"])]);
    }

    /// <summary>fieldManager: validated like upstream (ValidateFieldManager); its value is not tracked yet (no managedFields).</summary>
    public static void CheckFieldManager(IQueryCollection query, string optionsKind)
    {
        if (String(query, "fieldManager") is { } manager)
        {
            var errors = MetadataRules.ValidateFieldManager(manager, "fieldManager");
            if (errors.Count > 0)
            {
                throw ApiException.InvalidOptions(optionsKind, errors);
            }
        }
    }

    /// <summary>fieldValidation: Ignore | Warn | Strict; empty means Warn (GA in 1.27).</summary>
    public static FieldValidation FieldValidationMode(IQueryCollection query, string optionsKind)
    {
        var v = String(query, "fieldValidation");
        return v switch
        {
            null or "" or "Warn" => FieldValidation.Warn,
            "Ignore" => FieldValidation.Ignore,
            "Strict" => FieldValidation.Strict,
            // ValidateFieldValidation lists the sorted set, empty string included.
            _ => throw ApiException.InvalidOptions(optionsKind, [FieldError.NotSupported("fieldValidation", v, ["", "Ignore", "Strict", "Warn"])]),
        };
    }
}

internal enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}
