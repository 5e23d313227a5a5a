using System.Text.Json.Nodes;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace MiniApiServer.EndToEnd.Swagger;

/// <summary>Swagger UI used as a person uses it, in a real headless chromium.</summary>
public sealed class SwaggerUiTests(ITestOutputHelper output)
{
    private const string CreateService = "#operations-Service-createCoreV1NamespacedService";
    private const int TimeoutMs = 30_000;

    /// <summary>The my-service manifest of api/examples/my-service.yaml, as JSON.</summary>
    private const string MyService = """
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": { "name": "my-service" },
          "spec": {
            "selector": { "app": "MyApp" },
            "ports": [ { "protocol": "TCP", "port": 80, "targetPort": 9376 } ]
          }
        }
        """;

    [ChromiumFact]
    public async Task Try_it_out_creates_my_service_and_shows_the_201()
    {
        Assert.True(Chromium.ExecutablePath is not null, Chromium.MissingMessage + " (CI=true: browser tests must run)");
        await using var server = InProcessServer.Start();
        var profile = Directory.CreateTempSubdirectory("miniapiserver-chromium-");
        try
        {
            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                Headless = true,
                ExecutablePath = Chromium.ExecutablePath,
                UserDataDir = profile.FullName,
                Timeout = TimeoutMs,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                ],
            });
            await using var page = await browser.NewPageAsync();
            page.DefaultTimeout = TimeoutMs;
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });

            try
            {
                await page.GoToAsync(new Uri(server.BaseAddress, "/swagger").ToString());
                var operation = await page.WaitForSelectorAsync(CreateService);
                await operation.ClickAsync();
                await (await page.WaitForSelectorAsync($"{CreateService} button.try-out__btn")).ClickAsync();

                // The document's default body is the my-service example, so what Swagger UI offers is already valid.
                var body = await page.WaitForSelectorAsync($"{CreateService} textarea.body-param__text");
                var offered = JsonNode.Parse(await body.EvaluateFunctionAsync<string>("e => e.value"));
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(MyService), offered), $"Swagger UI offered: {offered?.ToJsonString()}");

                await (await page.WaitForSelectorAsync($"{CreateService} tr[data-param-name=\"namespace\"] input")).TypeAsync("default");
                // Replace the offered body with the manifest as a person pastes it (one input event; typing it key by key
                // re-renders the page per character and takes ~20 s).
                await body.EvaluateFunctionAsync("e => e.select()");
                await page.Keyboard.PressAsync("Backspace");
                await page.Keyboard.SendCharacterAsync(MyService);
                await (await page.WaitForSelectorAsync($"{CreateService} button.execute")).ClickAsync();

                var response = $"{CreateService} .live-responses-table tbody tr.response";
                var status = await page.WaitForSelectorAsync($"{response} .response-col_status");
                var responseBody = await page.WaitForSelectorAsync($"{response} .response-col_description pre");
                // Show "Server response" with the code and the body the server stored.
                await page.EvaluateFunctionAsync("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -60); }",
                    $"{CreateService} .live-responses-table");
                await SaveScreenshotAsync(page, "swagger-create-service.png");

                // The request Swagger UI sent is the pasted text (the offered example is formatted differently).
                var curl = await (await page.WaitForSelectorAsync($"{CreateService} .curl-command")).EvaluateFunctionAsync<string>("e => e.textContent");
                Assert.Contains("\"selector\": { \"app\": \"MyApp\" }", curl, StringComparison.Ordinal);
                Assert.Contains("/api/v1/namespaces/default/services", curl, StringComparison.Ordinal);
                Assert.Equal("201", (await status.EvaluateFunctionAsync<string>("e => e.textContent")).Trim());
                var shown = await responseBody.EvaluateFunctionAsync<string>("e => e.textContent");
                Assert.Contains("\"resourceVersion\"", shown, StringComparison.Ordinal);
                Assert.Contains("\"name\": \"my-service\"", shown, StringComparison.Ordinal);
                Assert.Contains("\"namespace\": \"default\"", shown, StringComparison.Ordinal);
            }
            catch (Exception) when (!page.IsClosed)
            {
                await SaveScreenshotAsync(page, "swagger-create-service-failure.png");
                throw;
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>Saves a screenshot as a test artifact under the test's output directory and prints its path.</summary>
    private async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(path);
        output.WriteLine($"Screenshot: {path}");
    }
}
