namespace MiniApiServer.Api.Codec;

/// <summary>
/// A YAML body that cannot become JSON: a syntax error, more than one document, an unknown alias, a key JSON cannot
/// hold, or a value JSON cannot hold (<c>.inf</c>, <c>.nan</c>). The message names the 1-based line and column.
/// </summary>
internal sealed class YamlFormatException : Exception
{
    public YamlFormatException(string problem, long line, long column, Exception? inner = null)
        : base($"yaml: line {line}, column {column}: {problem}", inner)
    {
        Line = line;
        Column = column;
    }

    public long Line { get; }

    public long Column { get; }
}
