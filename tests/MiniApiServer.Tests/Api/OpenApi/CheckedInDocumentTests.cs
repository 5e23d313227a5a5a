using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Api.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace MiniApiServer.Tests.Api.OpenApi;

/// <summary>
/// <c>api/openapi.json</c> is the document the server serves. Run with <c>UPDATE_OPENAPI=1</c> to rewrite it.
/// </summary>
public sealed class CheckedInDocumentTests
{
    private const string CheckedInPath = "api/openapi.json";

    [Fact]
    public async Task Checked_in_openapi_json_is_the_generated_document()
    {
        await using var server = ApiServer.Start();
        var generated = Generate(server);
        var path = RepositoryFiles.PathOf(CheckedInPath);
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
            return;
        }
        var checkedIn = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.True(checkedIn == generated,
            $"{CheckedInPath} is out of date with the API. Regenerate it with: "
            + "UPDATE_OPENAPI=1 dotnet test tests/MiniApiServer.Tests --filter FullyQualifiedName~CheckedInDocumentTests "
            + $"and commit the result. First difference at line {FirstDifferentLine(checkedIn, generated)}.");
    }

    [Fact]
    public async Task Served_document_is_the_generated_document()
    {
        await using var server = ApiServer.Start();
        var served = await (await server.GetAsync(OpenApiSetup.DocumentPath)).Content.ReadAsStringAsync();
        Assert.Equal(Generate(server), served.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Swagger_redirects_to_the_ui()
    {
        await using var server = ApiServer.Start();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var redirect = await client.GetAsync("/swagger");
        Assert.Equal(301, (int)redirect.StatusCode);
        Assert.Equal("swagger/index.html", redirect.Headers.Location?.OriginalString.TrimStart('/'));
        var page = await server.GetAsync("/swagger/index.html");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static string Generate(ApiServer server) =>
        OpenApiSetup.Serialize(server.Services.GetRequiredService<ISwaggerProvider>().GetSwagger(OpenApiSetup.DocumentName)).ReplaceLineEndings("\n");

    private static int FirstDifferentLine(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        return a.AsSpan(0, i).Count('\n') + 1;
    }
}
