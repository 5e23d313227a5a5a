using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Pods;

/// <summary>ValidateTolerations and validateTaintEffect (pkg/apis/core/validation/validation.go).</summary>
internal static class TolerationValidation
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static void Validate(IList<V1Toleration> tolerations, string path, List<FieldError> errs)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            var t = tolerations[i];
            var at = $"{path}[{i}]";
            var key = t.Key ?? "";
            var op = t.OperatorProperty ?? "";
            var value = t.Value ?? "";
            var effect = t.Effect ?? "";
            if (key.Length > 0)
            {
                errs.AddRange(MetadataRules.ValidateLabelName(key, $"{at}.key"));
            }
            if (key.Length == 0 && op != "Exists")
            {
                errs.Add(FieldError.Invalid($"{at}.operator", op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (t.TolerationSeconds is not null && effect != "NoExecute")
            {
                errs.Add(FieldError.Invalid($"{at}.effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op)
            {
                case "Equal" or "":
                    if (NameRules.LabelValue(value) is { Count: > 0 } msgs)
                    {
                        errs.Add(FieldError.Invalid($"{at}.operator", value, string.Join(";", msgs)));
                    }
                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errs.Add(FieldError.Invalid($"{at}.operator", value, "value must be empty when `operator` is 'Exists'"));
                    }
                    break;
                default:
                    errs.Add(FieldError.NotSupported($"{at}.operator", op, ["Equal", "Exists"]));
                    break;
            }
            if (effect.Length > 0 && !Effects.Contains(effect))
            {
                errs.Add(FieldError.NotSupported($"{at}.effect", effect, Effects));
            }
        }
    }
}
