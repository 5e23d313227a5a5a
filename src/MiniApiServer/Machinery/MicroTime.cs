using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace MiniApiServer.Machinery;

/// <summary>
/// metav1.MicroTime fields, written as Go writes them: RFC 3339 in UTC with exactly six fractional digits
/// (<c>2006-01-02T15:04:05.000000Z</c>). The client models type them as plain <c>DateTime?</c>, like metav1.Time fields,
/// whose converter drops a zero fraction; this modifier gives the MicroTime properties their own converter.
/// </summary>
internal static class MicroTime
{
    /// <summary>The MicroTime properties of the served kinds, by model type (k8s.io/api: `metav1.MicroTime` fields).</summary>
    private static readonly Dictionary<Type, string[]> Fields = new()
    {
        [typeof(V1LeaseSpec)] = ["acquireTime", "renewTime"],
        [typeof(Corev1Event)] = ["eventTime"],
        [typeof(Corev1EventSeries)] = ["lastObservedTime"],
        [typeof(Eventsv1Event)] = ["eventTime"],
        [typeof(Eventsv1EventSeries)] = ["lastObservedTime"],
    };

    private static readonly Converter Instance = new();
    private static readonly RequiredConverter RequiredInstance = new();

    public static void Modify(JsonTypeInfo info)
    {
        if (!Fields.TryGetValue(info.Type, out var names))
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            if (names.Contains(property.Name) && property.PropertyType == typeof(DateTime?))
            {
                property.CustomConverter = Instance;
            }
            else if (names.Contains(property.Name) && property.PropertyType == typeof(DateTime))
            {
                property.CustomConverter = RequiredInstance;
            }
        }
    }

    /// <summary>Reads any RFC 3339 time (as the Time converter does); writes six fractional digits, truncated to microseconds.</summary>
    private sealed class Converter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize<DateTime>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value is not { } time)
            {
                writer.WriteNullValue();
                return;
            }
            var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
            writer.WriteStringValue(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The same for a MicroTime the model types as a plain <c>DateTime</c> (events.k8s.io/v1 EventSeries).</summary>
    private sealed class RequiredConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Instance.Read(ref reader, typeof(DateTime?), options) ?? default;

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => Instance.Write(writer, value, options);
    }
}
