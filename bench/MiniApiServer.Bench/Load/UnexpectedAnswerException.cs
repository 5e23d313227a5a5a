namespace MiniApiServer.Bench.Load;

/// <summary>The server answered, but not what the scenario expects: a failure of the scenario, not a result.</summary>
internal sealed class UnexpectedAnswerException(string message) : Exception(message)
{
    /// <summary>Returns the reply when its status is the expected one.</summary>
    public static Reply Expect(Reply reply, int status, string what) =>
        reply.Status == status ? reply : throw new UnexpectedAnswerException($"{what}: expected {status}, got {reply.Describe()}");
}
