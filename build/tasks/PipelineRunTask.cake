// Default: every stage instance of the plan, ending with the report.

/// <summary>The main job: the whole pipeline of the chosen profile.</summary>
public sealed class PipelineRunTask : PipelineTask
{
    private readonly PipelineContext _context;

    public PipelineRunTask(PipelineContext context) => _context = context;

    public override string Name => "Default";
    public override string Description => "Run every stage of the profile (split .. report), skipping unchanged ones.";
    public override IEnumerable<string> DependsOn => _context.Plan.Instances.Select(i => i.Name);
    public override void Run(PipelineContext context) =>
        context.Cake.Information("Pipeline ({0} profile) complete; report under reports/.", context.Options.Profile);
}
