namespace MiniApiServer.Allocation;

/// <summary>An inclusive port range (k8s.io/apimachinery/pkg/util/net.PortRange): "30000-32767" or a single port.</summary>
internal sealed record PortRange(int Base, int Size)
{
    public int Last => Base + Size - 1;

    public static PortRange Parse(string text, string flag)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var low) || (parts.Length == 2 && !int.TryParse(parts[1], out _)))
        {
            throw new FormatException($"invalid argument \"{text}\" for \"{flag}\" flag: unable to parse port range: {text}");
        }
        var high = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : low;
        if (low < 1 || high > 65535 || high < low)
        {
            throw new FormatException($"invalid argument \"{text}\" for \"{flag}\" flag: invalid port range: {text}");
        }
        return new PortRange(low, high - low + 1);
    }

    public override string ToString() => $"{Base}-{Last}";
}
