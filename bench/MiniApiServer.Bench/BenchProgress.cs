using Spectre.Console;

namespace MiniApiServer.Bench;

/// <summary>The progress shown while the bench runs: one bar per step (a ceiling, a preload, a scenario phase).</summary>
internal sealed class BenchProgress(ProgressContext context)
{
    public Step Begin(string description) => new(context.AddTask(Markup.Escape(description), maxValue: 1.0));

    internal sealed class Step(ProgressTask task) : IDisposable
    {
        /// <summary>The fraction done, 0..1; safe from any thread.</summary>
        public void Report(double fraction) => task.Value = Math.Clamp(fraction, 0, 1);

        public void Dispose()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
