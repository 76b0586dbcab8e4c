using MreRepro.Pipeline.Graph;
using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Definition;

/// <summary>
/// The stage graph of a profile, from the stage registry: dvc.yaml is written from it (`mre dvc-yaml --write`), the
/// engine runs it, and Cake registers its tasks from `mre plan`, so no stage is listed anywhere else. Each stage's
/// code deps are read from the compiled code (<see cref="CodeDependencies"/>), so a code change reruns exactly the
/// stages that run it.
/// </summary>
public static class PipelineDefinition
{
    /// <summary>One stage's template in the context's profile.</summary>
    public static StageTemplate Template(StageContext ctx, string stage) => Templates(ctx).Single(t => t.Name == stage);

    /// <summary>The stage templates of the context's profile.</summary>
    public static IReadOnlyList<StageTemplate> Templates(StageContext ctx) => Templates(ctx.Root, ctx.Profile, ctx.Parameters, ctx.ParamsFile);

    /// <summary>
    /// The stage templates of a profile; code deps are read from the compiled stages and the sources under
    /// <paramref name="root"/>. With a parameters file other than params.yaml, every stage command names it (--params),
    /// so that the stages read the values the engine hashed.
    /// </summary>
    public static IReadOnlyList<StageTemplate> Templates(string root, string profile, ProfileParameters parameters,
        string paramsFile = ParametersFile.DefaultPath)
    {
        var code = new CodeDependencies(root);
        return StageRegistry.All
            .Select(stage => stage.Template(new TemplateInputs(profile, parameters, code.Of(stage.Code), paramsFile)))
            .OfType<StageTemplate>()
            .ToList();
    }

    /// <summary>The dataset an instance belongs to, if any (for --dataset filtering).</summary>
    public static string? DatasetOf(StageInstance instance) =>
        instance.Variables.TryGetValue("key", out var key) && instance.Template == "split" ? key
        : instance.Variables.TryGetValue("item.dataset", out var dataset) ? dataset
        : null;
}
