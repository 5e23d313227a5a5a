namespace MiniApiServer.Selectors;

/// <summary>
/// A label or field selector that does not parse. The message is the upstream error text verbatim:
/// kube-apiserver answers such a request with 400 BadRequest carrying exactly <c>err.Error()</c>
/// (apiserver endpoints/handlers/get.go ListResource: <c>errors.NewBadRequest(err.Error())</c>).
/// </summary>
internal sealed class SelectorParseException : Exception
{
    public SelectorParseException(string message)
        : base(message)
    {
    }
}
