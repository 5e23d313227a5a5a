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

            await page.GoToAsync(new Uri(server.BaseAddress, "/swagger").ToString());
            var operation = await page.WaitForSelectorAsync(CreateService);
            await operation.ClickAsync();
            await (await page.WaitForSelectorAsync($"{CreateService} button.try-out__btn")).ClickAsync();

            // The document's default body is the my-service example, so what Swagger UI offers is already valid.
            var body = await page.WaitForSelectorAsync($"{CreateService} textarea.body-param__text");
            var offered = JsonNode.Parse(await body.EvaluateFunctionAsync<string>("e => e.value"));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(MyService), offered), $"Swagger UI offered: {offered?.ToJsonString()}");

            await (await page.WaitForSelectorAsync($"{CreateService} tr[data-param-name=\"namespace\"] input")).TypeAsync("default");
            await body.EvaluateFunctionAsync("e => e.select()");
            await page.Keyboard.PressAsync("Backspace");
            await body.TypeAsync(MyService);
            await (await page.WaitForSelectorAsync($"{CreateService} button.execute")).ClickAsync();

            var response = $"{CreateService} .live-responses-table tbody tr.response";
            var status = await page.WaitForSelectorAsync($"{response} .response-col_status");
            var responseBody = await page.WaitForSelectorAsync($"{response} .response-col_description pre");
            // Show "Server response" with the code and the body the server stored.
            await page.EvaluateFunctionAsync("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -60); }",
                $"{CreateService} .live-responses-table");
            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "swagger-create-service.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(screenshot);
            output.WriteLine($"Screenshot: {screenshot}");

            Assert.Equal("201", (await status.EvaluateFunctionAsync<string>("e => e.textContent")).Trim());
            var shown = await responseBody.EvaluateFunctionAsync<string>("e => e.textContent");
            Assert.Contains("\"resourceVersion\"", shown, StringComparison.Ordinal);
            Assert.Contains("\"name\": \"my-service\"", shown, StringComparison.Ordinal);
            Assert.Contains("\"namespace\": \"default\"", shown, StringComparison.Ordinal);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
