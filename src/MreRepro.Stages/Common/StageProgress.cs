using Spectre.Console;

namespace MreRepro.Stages.Common;

/// <summary>
/// Progress bars and status lines drawn on the stage's own thread, at most every 100 ms, instead of from a redraw thread
/// of Spectre's own. This alone did not stop garbage collections during libtorch calls (the runtime can start one from
/// other threads too), so it is not what keeps TorchSharp scalars alive: LiveScalars and LiveArithmetic do that, and
/// ScalarLifetimeTests enforces it (README, Known problems).
/// </summary>
public sealed class StageProgress
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Action _refresh;
    private readonly ProgressContext? _bars;
    private TimeSpan _last;

    private StageProgress(Action refresh, ProgressContext? bars)
    {
        _refresh = refresh;
        _bars = bars;
    }

    /// <summary>Runs <paramref name="work"/> with progress bars that stay on screen afterwards.</summary>
    public static void Bars(IAnsiConsole console, Action<StageProgress> work, params ProgressColumn[] columns)
    {
        var progress = console.Progress().AutoRefresh(false).AutoClear(false).HideCompleted(false);
        if (columns.Length > 0)
        {
            progress = progress.Columns(columns);
        }
        progress.Start(ctx => work(new StageProgress(ctx.Refresh, ctx)));
    }

    /// <summary>Runs <paramref name="work"/> under a status line, which it replaces through the callback it is given.</summary>
    public static void StatusLine(IAnsiConsole console, string initial, Action<Action<string>> work) =>
        console.Status().AutoRefresh(false).Start(initial, ctx =>
        {
            var progress = new StageProgress(ctx.Refresh, null);
            work(line =>
            {
                ctx.Status(line);
                progress.Tick();
            });
        });

    /// <summary>Adds a bar.</summary>
    public ProgressTask AddTask(string description, double maxValue) =>
        (_bars ?? throw new InvalidOperationException("a status line has no bars")).AddTask(description, maxValue: maxValue);

    /// <summary>Redraws when the last redraw is at least 100 ms old (the final state is always drawn at the end).</summary>
    public void Tick()
    {
        var now = TimeSpan.FromMilliseconds(Environment.TickCount64);
        if (now - _last >= Interval)
        {
            _last = now;
            _refresh();
        }
    }
}
