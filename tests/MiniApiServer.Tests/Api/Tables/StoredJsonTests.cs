using System.Text;
using MiniApiServer.Api.Tables;

namespace MiniApiServer.Tests.Api.Tables;

/// <summary>The stored bytes' metadata member, found without decoding.</summary>
public sealed class StoredJsonTests
{
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"x":"y"}},"spec":{}}""", """{"name":"a","labels":{"x":"y"}}""")]
    [InlineData("""{"spec":{"metadata":{"name":"inner"}},"metadata":{"name":"outer"}}""", """{"name":"outer"}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod"}""", "{}")]
    public void Metadata_is_the_top_level_member_or_empty(string stored, string metadata) =>
        Assert.Equal(metadata, Encoding.UTF8.GetString(StoredJson.Metadata(Encoding.UTF8.GetBytes(stored))));
}
