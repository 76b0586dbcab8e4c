// One task per stage instance of the plan (finetune@SCNM-tli-42): runs `mre repro <instance>`, which rechecks,
// runs the stage as a child process, caches its outputs and writes its dvc.lock entry.
using System.Text.Json;

/// <summary>Runs one stage instance through the engine.</summary>
public sealed class StageTask : PipelineTask
{
    private readonly PlannedInstance _instance;
    private readonly bool _handedOver;

    private StageTask(PlannedInstance instance, bool handedOver)
    {
        _instance = instance;
        _handedOver = handedOver;
    }

    public static IEnumerable<PipelineTask> FromPlan(PipelineContext context) =>
        context.Plan.Instances.Select(i => (PipelineTask)new StageTask(i, context.HandsOver));

    public override string Name => _instance.Name;
    public override string Description => _instance.Description;
    public override IEnumerable<string> DependsOn => _instance.Upstream;
    public override string SkipReason => _handedOver ? "run by Default (mre repro --all)" : "unchanged since dvc.lock";

    // Unchanged at planning time and nothing upstream ran: skip without starting a process.
    private bool NeedsRun(PipelineContext context) =>
        context.Options.Force || _instance.Changed || _instance.Upstream.Any(context.RanThisSession.Contains);

    public override bool ShouldRun(PipelineContext context)
    {
        if (_handedOver)
        {
            return false;   // the Default task runs the whole plan through one `mre repro --all`
        }
        if (NeedsRun(context))
        {
            return true;
        }
        context.Results.Add(new InstanceResult(Name, "skipped (unchanged)", 0, ""));
        // Cake fails a run whose target its criteria skipped; an up-to-date target is a success, so it "runs" and does nothing.
        return string.Equals(Name, context.Options.Target, StringComparison.OrdinalIgnoreCase);
    }

    public override void Run(PipelineContext context)
    {
        if (!NeedsRun(context))
        {
            return;
        }
        context.ThrowIfInterrupted();
        System.IO.Directory.CreateDirectory(context.ResultsDir);
        var resultFile = System.IO.Path.Combine(context.ResultsDir, Name.Replace('@', '_') + ".json");
        // Only this run's outcome counts: a file left by an earlier run (whose `mre repro` was killed) must not be read.
        System.IO.File.Delete(resultFile);
        var args = new List<string> { "repro", Name, "--profile", context.Options.Profile, "--result", resultFile };
        if (context.Options.Force) { args.Add("--force"); }
        var started = DateTime.UtcNow;
        context.InterruptedDuring = Name;
        var code = Mre.Run(context, args);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var (outcome, detail) = ReadResult(resultFile, code);
        context.Results.Add(new InstanceResult(Name, outcome, seconds, detail));
        if (outcome == "ran")
        {
            context.RanThisSession.Add(Name);
        }
        context.ThrowIfInterrupted();
        context.InterruptedDuring = null;
        if (code != 0)
        {
            throw new CakeException($"Stage {Name} failed (exit code {code}); previous outputs and dvc.lock were left as they were.");
        }
    }

    private static (string Outcome, string Detail) ReadResult(string path, int code)
    {
        if (!System.IO.File.Exists(path))
        {
            return code == 0 ? ("ran", "") : ("failed", $"`mre repro` exited with code {code} before reporting an outcome (killed?)");
        }
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var outcome = doc.RootElement.GetProperty("outcome").GetString() ?? "ran";
        var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        return (outcome == "skipped" ? "skipped (unchanged)" : outcome, detail);
    }
}
