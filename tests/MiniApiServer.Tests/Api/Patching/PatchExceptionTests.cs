using MiniApiServer.Api.Patching;

namespace MiniApiServer.Tests.Api.Patching;

public sealed class PatchExceptionTests
{
    [Fact]
    public void Invalid_shows_clients_only_the_generic_message()
    {
        var error = new PatchException(PatchErrorKind.Invalid, "testing value /a failed: test failed");

        var status = error.ToApiException().Status;

        Assert.Equal("testing value /a failed: test failed", error.Message);
        Assert.Equal(422, status.Code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", status.Message);
    }

    [Theory]
    [InlineData(nameof(PatchErrorKind.BadRequest), 400, "BadRequest")]
    [InlineData(nameof(PatchErrorKind.TooLarge), 413, "RequestEntityTooLarge")]
    public void Other_kinds_show_their_message(string kind, int code, string reason)
    {
        var status = new PatchException(Enum.Parse<PatchErrorKind>(kind), "why").ToApiException().Status;

        Assert.Equal(code, status.Code);
        Assert.Equal(reason, status.Reason);
        Assert.Equal("why", status.Message);
    }
}
