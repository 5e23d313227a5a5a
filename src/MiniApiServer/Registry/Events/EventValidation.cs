using System.Globalization;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// pkg/apis/core/validation/events.go: every Event passes the legacy rules (an Event with an eventTime is a "new" one
/// and must name its reporter and action); one written through events.k8s.io/v1 also gets the strict rules, and on
/// update may change nothing but its series and metadata. Then rest.BeforeCreate's generic metadata check (names as
/// path segments: a core/v1 Event's name is otherwise free), or, on update, rest.BeforeUpdate's metadata update check
/// first.
/// </summary>
internal static class EventValidation
{
    public const int ReportingInstanceLengthLimit = 128;
    public const int ActionLengthLimit = 128;
    public const int ReasonLengthLimit = 128;
    public const int NoteLengthLimit = 1024;

    private const string NamespaceDefault = "default";
    private const string NamespaceSystem = "kube-system";

    public static IReadOnlyList<FieldError> ValidateCreate(Corev1Event e, EventRequestVersion version)
    {
        var errs = Legacy(e);
        if (version == EventRequestVersion.EventsV1)
        {
            errs.AddRange(ObjectMetaValidation.ValidateObjectMeta(e.Metadata ?? new V1ObjectMeta(), true, NameValidators.Dns1123Subdomain));
            errs.AddRange(Series(e));
            if (e.EventTime is null)
            {
                errs.Add(FieldError.Required("eventTime"));
            }
            if (e.Type is not ("Normal" or "Warning"))
            {
                errs.Add(FieldError.Invalid("type", "", $"has invalid value: {e.Type}"));
            }
            if (e.FirstTimestamp is not null)
            {
                errs.Add(FieldError.Invalid("firstTimestamp", "", "needs to be unset"));
            }
            if (e.LastTimestamp is not null)
            {
                errs.Add(FieldError.Invalid("lastTimestamp", "", "needs to be unset"));
            }
            if ((e.Count ?? 0) != 0)
            {
                errs.Add(FieldError.Invalid("count", "", "needs to be unset"));
            }
            if (!string.IsNullOrEmpty(e.Source?.Component) || !string.IsNullOrEmpty(e.Source?.Host))
            {
                errs.Add(FieldError.Invalid("source", "", "needs to be unset"));
            }
        }
        if (errs.Count > 0)
        {
            return errs;
        }
        return ObjectMetaValidation.ValidateObjectMeta(e.Metadata ?? new V1ObjectMeta(), true, NameRules.PathSegmentName);
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(Corev1Event e, Corev1Event old, EventRequestVersion version)
    {
        var meta = e.Metadata ?? new V1ObjectMeta();
        var oldMeta = old.Metadata ?? new V1ObjectMeta();
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(meta, oldMeta));
        errs.AddRange(Legacy(e));
        if (version != EventRequestVersion.EventsV1)
        {
            return errs;
        }
        errs.AddRange(ObjectMetaValidation.ValidateObjectMetaUpdate(meta, oldMeta));
        if (SeriesText(e.Series) != SeriesText(old.Series))
        {
            errs.AddRange(Series(e));
        }
        Immutable(errs, "involvedObject", Reference(e.InvolvedObject, pointer: false), Reference(old.InvolvedObject, pointer: false));
        Immutable(errs, "reason", e.Reason ?? "", old.Reason ?? "");
        Immutable(errs, "message", e.Message ?? "", old.Message ?? "");
        Immutable(errs, "source", Source(e.Source), Source(old.Source));
        Immutable(errs, "firstTimestamp", Time(e.FirstTimestamp, "v1.Time"), Time(old.FirstTimestamp, "v1.Time"));
        Immutable(errs, "lastTimestamp", Time(e.LastTimestamp, "v1.Time"), Time(old.LastTimestamp, "v1.Time"));
        Immutable(errs, "count", e.Count ?? 0, old.Count ?? 0);
        // Upstream checks the reason twice.
        Immutable(errs, "reason", e.Reason ?? "", old.Reason ?? "");
        Immutable(errs, "type", e.Type ?? "", old.Type ?? "");
        Immutable(errs, "eventTime", Time(e.EventTime, "v1.MicroTime"), Time(old.EventTime, "v1.MicroTime"));
        Immutable(errs, "action", e.Action ?? "", old.Action ?? "");
        Immutable(errs, "related", Reference(e.Related, pointer: true), Reference(old.Related, pointer: true));
        Immutable(errs, "reportingController", e.ReportingComponent ?? "", old.ReportingComponent ?? "");
        Immutable(errs, "reportingInstance", e.ReportingInstance ?? "", old.ReportingInstance ?? "");
        return errs;
    }

    /// <summary>legacyValidateEvent.</summary>
    private static List<FieldError> Legacy(Corev1Event e)
    {
        var errs = new List<FieldError>();
        var ns = e.Metadata?.NamespaceProperty ?? "";
        var involvedNs = e.InvolvedObject?.NamespaceProperty ?? "";
        if (e.EventTime is null)
        {
            // An old-style event: its namespace and its object's agree ("default" or none for a cluster-scoped object).
            if (involvedNs.Length == 0 ? ns is not ("" or NamespaceDefault) : ns != involvedNs)
            {
                errs.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not (NamespaceDefault or NamespaceSystem))
            {
                errs.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
            var controller = e.ReportingComponent ?? "";
            if (controller.Length == 0)
            {
                errs.Add(FieldError.Required("reportingController"));
            }
            errs.AddRange(NameRules.QualifiedName(controller).Select(msg => FieldError.Invalid("reportingController", controller, msg)));
            Limited(errs, "reportingInstance", e.ReportingInstance, ReportingInstanceLengthLimit, required: true);
            Limited(errs, "action", e.Action, ActionLengthLimit, required: true);
            Limited(errs, "reason", e.Reason, ReasonLengthLimit, required: true);
            Limited(errs, "message", e.Message, NoteLengthLimit, required: false);
        }
        errs.AddRange(NameRules.Dns1123Subdomain(ns).Select(msg => FieldError.Invalid("namespace", ns, msg)));
        return errs;
    }

    /// <summary>A required (or optional) string with a length limit, counted in bytes as Go's len().</summary>
    private static void Limited(List<FieldError> errs, string field, string? value, int limit, bool required)
    {
        var text = value ?? "";
        if (required && text.Length == 0)
        {
            errs.Add(FieldError.Required(field));
        }
        if (NameRules.ByteLength(text) > limit)
        {
            errs.Add(FieldError.Invalid(field, "", $"can have at most {limit} characters"));
        }
    }

    /// <summary>validateV1EventSeries.</summary>
    private static IEnumerable<FieldError> Series(Corev1Event e)
    {
        if (e.Series is not { } series)
        {
            yield break;
        }
        if ((series.Count ?? 0) < 2)
        {
            yield return FieldError.Invalid("series.count", "", "should be at least 2");
        }
        if (series.LastObservedTime is null)
        {
            yield return FieldError.Required("series.lastObservedTime");
        }
    }

    /// <summary>ValidateImmutableField: the new value, as Go's %#v prints it, when it differs.</summary>
    private static void Immutable(List<FieldError> errs, string field, object value, object old)
    {
        if (!Equals(value, old) && !(value is GoLiteral a && old is GoLiteral b && a.Text == b.Text))
        {
            errs.Add(FieldError.Invalid(field, value, ObjectMetaValidation.FieldImmutable));
        }
    }

    private static string SeriesText(Corev1EventSeries? s) =>
        s is null ? "" : $"{s.Count}/{Time(s.LastObservedTime, "v1.MicroTime")}";

    private static GoLiteral Reference(V1ObjectReference? r, bool pointer)
    {
        if (r is null)
        {
            return new GoLiteral(pointer ? "(*core.ObjectReference)(nil)" : Reference(new V1ObjectReference(), false).Text);
        }
        var text = $"core.ObjectReference{{Kind:{Q(r.Kind)}, Namespace:{Q(r.NamespaceProperty)}, Name:{Q(r.Name)}, UID:{Q(r.Uid)}, " +
            $"APIVersion:{Q(r.ApiVersion)}, ResourceVersion:{Q(r.ResourceVersion)}, FieldPath:{Q(r.FieldPath)}}}";
        return new GoLiteral(pointer ? "&" + text : text);
    }

    private static GoLiteral Source(V1EventSource? s) => new($"core.EventSource{{Component:{Q(s?.Component)}, Host:{Q(s?.Host)}}}");

    /// <summary>A metav1.Time or MicroTime as %#v prints it (times in UTC; the zero time as Go's).</summary>
    private static GoLiteral Time(DateTime? t, string type)
    {
        if (t is not { } time)
        {
            return new GoLiteral($"{type}{{Time:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)}}");
        }
        var u = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var nanos = (u.Ticks % TimeSpan.TicksPerSecond) * 100;
        return new GoLiteral(string.Create(CultureInfo.InvariantCulture,
            $"{type}{{Time:time.Date({u.Year}, time.{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(u.Month)}, {u.Day}, {u.Hour}, {u.Minute}, {u.Second}, {nanos}, time.UTC)}}"));
    }

    private static string Q(string? s) => GoValue.Quote(s ?? "");
}
