using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Nodes;

/// <summary>
/// A node's taints (validateNodeTaints, validateTaintEffect) and the legacy taints annotation
/// (ValidateNodeSpecificAnnotations, ValidateTaintsInNodeAnnotations, helper.GetTaintsFromNodeAnnotations), from
/// pkg/apis/core/validation/validation.go. The annotation's other sibling, <c>preferAvoidPods</c>, belonged to a
/// scheduler plugin removed in 1.24 and is not checked.
/// </summary>
internal static class TaintValidation
{
    public const string TaintsAnnotationKey = "scheduler.alpha.kubernetes.io/taints";

    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>Keys are label keys, values label values, the effect one of three; a (key, effect) pair appears once.</summary>
    public static IReadOnlyList<FieldError> ValidateTaints(IList<V1Taint> taints, string path)
    {
        var errs = new List<FieldError>();
        var unique = new HashSet<(string Effect, string Key)>();
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i] ?? new V1Taint();
            var at = $"{path}[{i}]";
            var key = taint.Key ?? "";
            var value = taint.Value ?? "";
            var effect = taint.Effect ?? "";
            errs.AddRange(MetadataRules.ValidateLabelName(key, $"{at}.key"));
            if (NameRules.LabelValue(value) is { Count: > 0 } messages)
            {
                errs.Add(FieldError.Invalid($"{at}.value", value, string.Join(";", messages)));
            }
            if (effect.Length == 0)
            {
                errs.Add(FieldError.Required($"{at}.effect"));
            }
            else if (!Effects.Contains(effect))
            {
                errs.Add(FieldError.NotSupported($"{at}.effect", effect, Effects));
            }
            if (!unique.Add((effect, key)))
            {
                errs.Add(FieldError.Duplicate(at, GoTaint(key, value, effect, taint.TimeAdded)) with { Detail = "taints must be unique by key and effect pair" });
            }
        }
        return errs;
    }

    /// <summary>A non-empty taints annotation must decode as a list of taints, and those must be valid.</summary>
    public static IReadOnlyList<FieldError> ValidateTaintsAnnotation(IDictionary<string, string>? annotations, string path)
    {
        if (annotations is null || !annotations.TryGetValue(TaintsAnnotationKey, out var json) || string.IsNullOrEmpty(json))
        {
            return [];
        }
        var (taints, error) = Decode(json);
        if (error is not null)
        {
            return [FieldError.Invalid(path, TaintsAnnotationKey, error)];
        }
        return taints.Count > 0 ? ValidateTaints(taints, $"{path}.{TaintsAnnotationKey}") : [];
    }

    /// <summary>
    /// encoding/json into the internal <c>[]core.Taint</c>, whose fields have no JSON tags, so names match without regard
    /// to case. Decoding errors are worded as Go words the common ones; Go's scanner has more wordings for a syntax
    /// error than the "invalid character ... looking for beginning of value" given here.
    /// </summary>
    private static (List<V1Taint> Taints, string? Error) Decode(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            var at = (int)Math.Min(e.BytePositionInLine ?? 0, int.MaxValue);
            var bytes = Encoding.UTF8.GetBytes(json);
            return ([], at >= bytes.Length || json.Trim().Length == 0
                ? "unexpected end of JSON input"
                : $"invalid character '{Encoding.UTF8.GetString(bytes, at, 1)}' looking for beginning of value");
        }
        var taints = new List<V1Taint>();
        if (root is null)
        {
            return (taints, null);
        }
        if (root is not JsonArray items)
        {
            return (taints, $"json: cannot unmarshal {GoKind(root)} into Go value of type []core.Taint");
        }
        foreach (var item in items)
        {
            var taint = new V1Taint();
            taints.Add(taint);
            if (item is null)
            {
                continue;
            }
            if (item is not JsonObject fields)
            {
                return (taints, $"json: cannot unmarshal {GoKind(item)} into Go value of type core.Taint");
            }
            foreach (var (name, value) in fields)
            {
                var field = new[] { "Key", "Value", "Effect", "TimeAdded" }.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
                if (field is null || value is null)
                {
                    continue;
                }
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    var type = field switch { "Effect" => "core.TaintEffect", "TimeAdded" => "v1.Time", _ => "string" };
                    return (taints, $"json: cannot unmarshal {GoKind(value)} into Go struct field Taint.{field} of type {type}");
                }
                var text = value.GetValue<string>();
                switch (field)
                {
                    case "Key": taint.Key = text; break;
                    case "Value": taint.Value = text; break;
                    case "Effect": taint.Effect = text; break;
                    default:
                        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                        {
                            return (taints, $"parsing time {GoValue.Quote(text)} as \"2006-01-02T15:04:05Z07:00\": cannot parse {GoValue.Quote(text)} as \"2006\"");
                        }
                        taint.TimeAdded = time;
                        break;
                }
            }
        }
        return (taints, null);
    }

    private static string GoKind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "number",
        },
    };

    /// <summary>
    /// A duplicate taint as Go's <c>%#v</c> prints the internal type: an unset time as <c>&lt;nil&gt;</c>, a set one
    /// through time.Time's GoString (metav1.Time decodes into the local zone, which is UTC for a server).
    /// </summary>
    private static GoLiteral GoTaint(string key, string value, string effect, DateTime? timeAdded)
    {
        var time = "<nil>";
        if (timeAdded is { } t)
        {
            var u = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
            var nanos = u.Ticks % TimeSpan.TicksPerSecond * 100;
            time = string.Create(CultureInfo.InvariantCulture,
                $"time.Date({u.Year}, time.{MonthNames[u.Month - 1]}, {u.Day}, {u.Hour}, {u.Minute}, {u.Second}, {nanos}, time.Local)");
        }
        return new GoLiteral($"core.Taint{{Key:{GoValue.Quote(key)}, Value:{GoValue.Quote(value)}, Effect:{GoValue.Quote(effect)}, TimeAdded:{time}}}");
    }
}
