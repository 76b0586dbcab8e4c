using MreRepro.Stages.Common;
using MreRepro.Training.Loop;
using Spectre.Console;

namespace MreRepro.Stages.TrainingRuns;

/// <summary>Renders trainer progress as a Spectre progress bar with loss and tokens per second.</summary>
public static class TrainingProgressView
{
    /// <summary>Runs <paramref name="train"/> with a progress bar fed by the trainer's synchronous progress events.</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<IProgress<TrainingProgress>, T> train)
    {
        T result = default!;
        StageProgress.Bars(console, progress =>
            {
                var task = progress.AddTask(Markup.Escape(title), maxValue: 100);
                var sink = new SynchronousProgress<TrainingProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalSteps);
                    task.Value = p.Step;
                    task.Description = Markup.Escape(
                        $"{title} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} lr {p.LearningRate:G3} {p.TokensPerSecond:F0} tok/s");
                    progress.Tick();
                });
                result = train(sink);
                task.Value = task.MaxValue;
            },
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
        return result;
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<TValue>(Action<TValue> report) : IProgress<TValue>
    {
        public void Report(TValue value) => report(value);
    }
}
