namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// kube-controller-manager in-process: builds the controllers (which register their handlers on the shared informers),
/// starts the informers, waits until they have all listed, then runs the controllers.
/// </summary>
internal sealed partial class ControllerManager(IEnumerable<IController> controllers, SharedInformers informers, ILogger<ControllerManager> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = controllers.ToList();
        var feeds = informers.All.Select(i => i.RunAsync(stoppingToken)).ToList();
        await Task.WhenAll(informers.All.Select(i => i.Synced)).WaitAsync(stoppingToken);
        LogStarted(running.Count, feeds.Count);
        await Task.WhenAll([.. feeds, .. running.Select(c => RunAsync(c, stoppingToken))]);
    }

    private async Task RunAsync(IController controller, CancellationToken ct)
    {
        try
        {
            await controller.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogControllerFailed(e, controller.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "{Controllers} controllers started over {Informers} informers")]
    private partial void LogStarted(int controllers, int informers);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Controller {Controller} stopped with an error")]
    private partial void LogControllerFailed(Exception e, string controller);
}
