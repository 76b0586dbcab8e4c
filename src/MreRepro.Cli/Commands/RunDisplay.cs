using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Repro;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MreRepro.Cli.Commands;

/// <summary>
/// What a run of many instances shows: a live table of every queued and running instance (its job id, state, time and
/// the last line of its log) refreshed twice a second, or, where the console is not interactive or one job prints to
/// it directly, one line per instance as it starts and ends; then the summary.
/// </summary>
internal static class RunDisplay
{
    private const int MaxRows = 24;

    public static ExecutionResult Run(ExecutionBoard board, string title, bool live, Func<ExecutionResult> run)
    {
        if (!live || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            board.Changed += PrintChange;
            try
            {
                AnsiConsole.MarkupLineInterpolated($"[bold]{title}[/]");
                return run();
            }
            finally
            {
                board.Changed -= PrintChange;
            }
        }
        ExecutionResult? result = null;
        AnsiConsole.Live(Render(board, title)).AutoClear(true).Start(ctx =>
        {
            var work = Task.Run(run);
            while (!work.Wait(TimeSpan.FromMilliseconds(500)))
            {
                ctx.UpdateTarget(Render(board, title));
            }
            result = work.GetAwaiter().GetResult();
        });
        return result!;
    }

    public static void PrintOutcome(StageOutcome outcome)
    {
        var colour = Colour(outcome.Kind);
        AnsiConsole.MarkupLineInterpolated($"[{colour}]{outcome.Name}: {Word(outcome.Kind)}[/] ({outcome.Seconds:F1} s) {string.Join("; ", outcome.Reasons)}");
    }

    /// <summary>Every instance with its outcome, time and reason, then the counts (the same columns as ./build.sh's summary).</summary>
    public static void PrintSummary(string profile, IReadOnlyList<StageOutcome> outcomes)
    {
        var table = new Table().Title($"Stage instances ({profile} profile)").AddColumn("instance").AddColumn("outcome")
            .AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("why");
        foreach (var o in outcomes)
        {
            table.AddRow(new Text(o.Name), new Markup($"[{Colour(o.Kind)}]{Word(o.Kind)}[/]"), new Text($"{o.Seconds:F1}"),
                new Text(string.Join("; ", o.Reasons)));
        }
        AnsiConsole.Write(table);
        int Count(OutcomeKind k) => outcomes.Count(o => o.Kind == k);
        AnsiConsole.MarkupLineInterpolated(
            $"{Count(OutcomeKind.Ran)} ran, {Count(OutcomeKind.Skipped)} skipped (unchanged), {Count(OutcomeKind.Restored)} restored from cache, {Count(OutcomeKind.Failed)} failed, {Count(OutcomeKind.NotRun)} not run");
        if (outcomes.Any(o => o.Kind is OutcomeKind.Failed or OutcomeKind.NotRun))
        {
            AnsiConsole.MarkupLine("[yellow]Fix the cause and run the same command again: finished instances are skipped, failed ones and their dependants run.[/]");
        }
    }

    public static void PrintQueued(string profile, IReadOnlyList<SubmittedJob> queued)
    {
        var table = new Table().Title($"Submitted to Slurm ({queued.Count} jobs)").AddColumn("instance").AddColumn("job").AddColumn("log");
        foreach (var job in queued)
        {
            table.AddRow(job.Instance, job.JobId, job.LogPath);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Follow them with [bold]build/mre status --profile {profile}[/]; each finished job's dvc.lock entry is merged by the next run or status.");
    }

    /// <summary>The jobs of a Slurm submission as `mre status` shows them.</summary>
    public static void PrintJobs(IReadOnlyList<JobView> jobs)
    {
        var table = new Table().Title($"Slurm jobs of the last submission: {jobs.Count(j => j.State == JobState.Queued)} queued, "
                                      + $"{jobs.Count(j => j.State == JobState.Running)} running, {jobs.Count(j => j.Outcome?.Kind is OutcomeKind.Ran or OutcomeKind.Skipped or OutcomeKind.Restored)} done, "
                                      + $"{jobs.Count(j => j.Outcome?.Kind is OutcomeKind.Failed or OutcomeKind.NotRun)} failed or not run")
            .AddColumn("instance").AddColumn("job").AddColumn("state").AddColumn("detail");
        foreach (var job in jobs)
        {
            var state = job.Outcome is { } o ? $"[{Colour(o.Kind)}]{Word(o.Kind)}[/]" : job.State == JobState.Running ? "[yellow]running[/]" : "queued";
            table.AddRow(new Text(job.Instance), new Text(job.JobId ?? ""), new Markup(state),
                new Text(job.Outcome is { } done ? string.Join("; ", done.Reasons) : job.SchedulerState ?? ""));
        }
        AnsiConsole.Write(table);
    }

    private static void PrintChange(JobView view)
    {
        switch (view.State)
        {
            case JobState.Finished when view.Outcome is { } outcome:
                PrintOutcome(outcome);
                break;
            case JobState.Running when view.LogPath is not null && view.JobId is null:
                AnsiConsole.MarkupLineInterpolated($"{view.Instance}: started, output in {Path.GetRelativePath(Environment.CurrentDirectory, view.LogPath)}");
                break;
            case JobState.Queued when view.SchedulerState == "submitted":
                AnsiConsole.MarkupLineInterpolated($"{view.Instance}: submitted as Slurm job {view.JobId}");
                break;
        }
    }

    private static IRenderable Render(ExecutionBoard board, string title)
    {
        var jobs = board.Snapshot();
        var running = jobs.Where(j => j.State == JobState.Running).ToList();
        var queued = jobs.Where(j => j.State == JobState.Queued).ToList();
        var finished = jobs.Where(j => j.State == JobState.Finished).ToList();
        var failed = finished.Count(j => j.Outcome?.Kind is OutcomeKind.Failed or OutcomeKind.NotRun);
        var table = new Table().Expand()
            .Title($"{Markup.Escape(title)}: {finished.Count}/{jobs.Count} done, {running.Count} running, {queued.Count} queued{(failed > 0 ? $", [red]{failed} failed or not run[/]" : "")}")
            .AddColumn("instance").AddColumn("job").AddColumn("state").AddColumn(new TableColumn("time").RightAligned()).AddColumn("last output");
        foreach (var job in running.Concat(queued).Take(MaxRows))
        {
            var elapsed = job.StartedUtc is { } started ? (DateTime.UtcNow - started).ToString(@"m\:ss") : "";
            var state = job.State == JobState.Running ? "[yellow]running[/]" : Markup.Escape(job.SchedulerState ?? "queued");
            var last = job.State == JobState.Running ? JobLog.LastLine(job.LogPath) ?? "" : "";
            table.AddRow(new Text(job.Instance), new Text(job.JobId ?? ""), new Markup(state), new Text(elapsed), new Text(last).Overflow(Overflow.Ellipsis));
        }
        if (running.Count + queued.Count > MaxRows)
        {
            table.Caption($"… and {running.Count + queued.Count - MaxRows} more");
        }
        return table;
    }

    private static string Word(OutcomeKind kind) => kind == OutcomeKind.NotRun ? "not run" : kind.ToString().ToLowerInvariant();

    private static string Colour(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Failed => "red",
        OutcomeKind.NotRun => "red",
        OutcomeKind.Ran => "yellow",
        _ => "green",
    };
}
