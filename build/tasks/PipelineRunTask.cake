// Default: every stage instance of the plan, ending with the report.

/// <summary>The main job: the whole pipeline of the chosen profile.</summary>
public sealed class PipelineRunTask : PipelineTask
{
    private readonly PipelineContext _context;

    public PipelineRunTask(PipelineContext context) => _context = context;

    public override string Name => "Default";
    public override string Description => "Run every stage of the profile (split .. report), skipping unchanged ones.";
    public override IEnumerable<string> DependsOn => _context.Plan.Instances.Select(i => i.Name);
    public override void Run(PipelineContext context)
    {
        if (context.HandsOver)
        {
            var args = new List<string> { "repro", "--all", "--profile", context.Options.Profile, "--executor", context.ExecutorKind };
            if (context.ExecutorKind == "local") { args.Add("--jobs"); args.Add(context.Jobs.ToString()); }
            if (context.ExecutorKind == "slurm" && context.Options.Wait) { args.Add("--wait"); }
            if (context.Options.Dataset.Length > 0) { args.Add("--dataset"); args.Add(context.Options.Dataset); }
            if (context.Options.Force) { args.Add("--force"); }
            if (Mre.Run(context, args) != 0)
            {
                throw new CakeException("Some stage instances failed or did not run (see the summary above); previous outputs and their dvc.lock entries were left as they were. Fix the cause and run again: finished instances are skipped.");
            }
            if (context.ExecutorKind == "slurm" && !context.Options.Wait)
            {
                context.Cake.Information("Submitted to Slurm; follow the jobs with build/mre status --profile {0}.", context.Options.Profile);
                return;
            }
        }
        context.Cake.Information("Pipeline ({0} profile) complete; report under reports/.", context.Options.Profile);
    }
}
