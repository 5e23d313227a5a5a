using MiniApiServer.Api;
using MiniApiServer.Api.OpenApi;
using MiniApiServer.Hosting;
using MiniApiServer.Registry;
using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

// appsettings.json is read from next to the binary, wherever the process is started from (the bench and the end-to-end
// tests start the dll from elsewhere; without it every request was logged at Information level). Relative paths such
// as --data-dir stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
ServerOptions options;
try
{
    options = ServerOptions.FromConfiguration(builder.Configuration);
}
catch (OptionsException e)
{
    await Console.Error.WriteLineAsync($"Error: {e.Message}");
    return 1;
}
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(ServerOptions.DefaultUrls);
}
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddServerComponents(options);
builder.Services.AddApiDocumentation();
builder.Services.AddOpenApiV3();

var app = builder.Build();
try
{
    app.Services.GetRequiredService<CachingStore>();
}
catch (DataDirectoryInUseException e)
{
    await Console.Error.WriteLineAsync($"Error: {e.Message}");
    return 1;
}
await app.Services.GetRequiredService<SystemObjects>().EnsureAsync(CancellationToken.None);

app.UseMiddleware<StatusMiddleware>();
app.UseApiDocumentation();
app.MapServerInfo();
app.MapDiscovery(app.Services.GetRequiredService<ResourceCatalog>());
app.MapResources(app.Services.GetRequiredService<ResourceCatalog>());
app.MapOpenApiV3();
await app.RunAsync();
return 0;
