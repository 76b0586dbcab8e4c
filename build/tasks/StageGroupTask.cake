// One task per stage (finetune): depends on all of its planned instances, so --target=finetune runs them all.

/// <summary>Groups the instances of one stage.</summary>
public sealed class StageGroupTask : PipelineTask
{
    private readonly string _stage;
    private readonly IReadOnlyList<string> _instances;

    private StageGroupTask(string stage, IReadOnlyList<string> instances)
    {
        _stage = stage;
        _instances = instances;
    }

    public static IEnumerable<PipelineTask> FromPlan(PipelineContext context) =>
        context.Plan.Instances
            .GroupBy(i => i.Stage)
            .Where(g => g.Count() > 1 || g.First().Name != g.Key)
            .Select(g => (PipelineTask)new StageGroupTask(g.Key, g.Select(i => i.Name).ToList()));

    public override string Name => _stage;
    public override string Description => $"All {_instances.Count} instances of stage {_stage}.";
    public override IEnumerable<string> DependsOn => _instances;
    public override void Run(PipelineContext context) { }
}
