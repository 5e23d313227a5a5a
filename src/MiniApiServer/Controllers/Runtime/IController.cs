namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// A controller run by <see cref="ControllerManager"/>: it registers its informer handlers when it is constructed, and
/// runs once every informer has synced, until the server stops.
/// </summary>
internal interface IController
{
    Task RunAsync(CancellationToken ct);
}
