// DvcYaml: regenerates dvc.yaml from the single pipeline definition.

/// <summary>Writes dvc.yaml from the pipeline definition (never edit dvc.yaml by hand).</summary>
public sealed class DvcYamlTask : PipelineTask
{
    public override string Name => "DvcYaml";
    public override string Description => "Regenerate dvc.yaml from the pipeline definition.";
    public override IEnumerable<string> DependsOn => new[] { "Build" };

    public override void Run(PipelineContext context)
    {
        if (Mre.Run(context, new[] { "dvc-yaml", "--write" }) != 0)
        {
            throw new CakeException("mre dvc-yaml failed.");
        }
    }
}
