using MreRepro.Pipeline.Graph;
using MreRepro.Stages.Common;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Definition;

/// <summary>
/// The one definition of the stage graph. dvc.yaml is written from it (`mre dvc-yaml --write`), the engine runs
/// it, and Cake registers its tasks from `mre plan`, so no stage is listed anywhere else. Every stage's command is
/// an `mre` verb; its dependencies include the source folders whose code it runs (<see cref="CodeDependencies"/>), so a code change reruns it.
/// </summary>
public static class PipelineDefinition
{
    /// <summary>Conditions of the fine-tuning and evaluation stages (Tables 2 and 3).</summary>
    public static IReadOnlyList<string> Conditions => StageRegistry.Conditions;

    /// <summary>Conditions with supplied information, the saliency stage's (Figures 4 and 5).</summary>
    public static IReadOnlyList<string> InformationConditions => StageRegistry.InformationConditions;

    /// <summary>The verbalizers of Table 4: W/O KV (manual) and KV (knowledgeable).</summary>
    public static IReadOnlyList<string> Verbalizers => StageRegistry.Verbalizers;

    private const string Mre = "build/mre";

    /// <summary>Each stage's entry point; its namespace is the stage's folder, which holds that stage only.</summary>
    public static IReadOnlyDictionary<string, Type> StageCode { get; } = StageRegistry.All.ToDictionary(s => s.Name, s => s.Code);

    /// <summary>One stage's template in the context's profile.</summary>
    public static StageTemplate Template(StageContext ctx, string stage) => Templates(ctx).Single(t => t.Name == stage);

    /// <summary>The stage templates of the context's profile.</summary>
    public static IReadOnlyList<StageTemplate> Templates(StageContext ctx) => Templates(ctx.Root, ctx.Profile, ctx.Parameters);

    /// <summary>The stage templates of a profile; code deps are read from the compiled stages and the sources under <paramref name="root"/>.</summary>
    public static IReadOnlyList<StageTemplate> Templates(string root, string profile, ProfileParameters parameters)
    {
        var p = profile;
        var code = new CodeDependencies(root);
        var datasets = parameters.Datasets.Keys.ToList();
        var splits = datasets.Select(d => $"stages/{p}/split/{d}").ToList();
        var smallLm = parameters.Model.Source == ModelSource.Small;
        var smallT5 = parameters.T5.Source == ModelSource.Small;
        var templates = new List<StageTemplate>
        {
            new("split", $"{Mre} split --profile {p} --dataset ${{key}}",
                ["${item.file}", .. code.Of(StageCode["split"])],
                [$"{p}.split", $"{p}.datasets.${{key}}"],
                [new OutputSpec($"stages/{p}/split/${{key}}")],
                "Seeded train/test draw of one dataset (pandas DataFrame.sample semantics by default).")
            {
                Foreach = datasets.Select(d => new ForeachItem(d, new Dictionary<string, string> { ["file"] = parameters.Datasets[d].File })).ToList(),
            },
        };
        var baseModel = new List<string>();
        if (smallLm)
        {
            templates.Add(new("pretrain", $"{Mre} pretrain --profile {p}",
                [.. splits, .. code.Of(StageCode["pretrain"])],
                [$"{p}.model", $"{p}.pretrain"],
                [new OutputSpec($"stages/{p}/pretrain")],
                "Trimmed tokenizer and small LLaMA base model, causal LM on the unlabelled training texts."));
            baseModel.Add($"stages/{p}/pretrain");
        }
        templates.Add(new("finetune", $"{Mre} finetune --profile {p} --dataset ${{item.dataset}} --condition ${{item.condition}}",
            [$"stages/{p}/split/${{item.dataset}}", .. baseModel, .. code.Of(StageCode["finetune"])],
            [$"{p}.model", $"{p}.finetune"],
            [new OutputSpec($"stages/{p}/finetune/${{item.dataset}}-${{item.condition}}")],
            "Supervised fine-tuning (answer tokens only) for one dataset and condition.")
        {
            Matrix = [new("dataset", datasets), new("condition", Conditions)],
        });
        templates.Add(new("evaluate", $"{Mre} evaluate --profile {p} --dataset ${{item.dataset}} --condition ${{item.condition}}",
            [$"stages/{p}/split/${{item.dataset}}", $"stages/{p}/finetune/${{item.dataset}}-${{item.condition}}", .. code.Of(StageCode["evaluate"])],
            [$"{p}.model", $"{p}.evaluate", $"{p}.finetune.seeds"],
            [new OutputSpec($"stages/{p}/evaluate/${{item.dataset}}-${{item.condition}}")],
            "Greedy decoding of the test split, parsed and scored (Tables 2 and 3).")
        {
            Matrix = [new("dataset", datasets), new("condition", Conditions)],
        });
        templates.Add(new("saliency", $"{Mre} saliency --profile {p} --dataset ${{item.dataset}} --condition ${{item.condition}}",
            [$"stages/{p}/split/${{item.dataset}}", $"stages/{p}/finetune/${{item.dataset}}-${{item.condition}}", .. code.Of(StageCode["saliency"])],
            [$"{p}.model", $"{p}.saliency", $"{p}.finetune.seeds"],
            [new OutputSpec($"stages/{p}/saliency/${{item.dataset}}-${{item.condition}}")],
            "Per-layer information flow S_wp, S_pq, S_ww (Figures 4 and 5).")
        {
            Matrix = [new("dataset", datasets), new("condition", InformationConditions)],
        });
        var t5Model = new List<string>();
        if (smallT5)
        {
            templates.Add(new("t5pretrain", $"{Mre} t5pretrain --profile {p}",
                [.. splits, .. baseModel, .. code.Of(StageCode["t5pretrain"])],
                [$"{p}.t5"],
                [new OutputSpec($"stages/{p}/t5pretrain")],
                "Small T5 pre-trained with span corruption on the training texts."));
            t5Model.Add($"stages/{p}/t5pretrain");
        }
        templates.Add(new("verbalizer", $"{Mre} verbalizer --profile {p} --dataset ${{item.dataset}} --verbalizer ${{item.verbalizer}}",
            [$"stages/{p}/split/${{item.dataset}}", .. t5Model, .. code.Of(StageCode["verbalizer"])],
            [$"{p}.t5", $"{p}.verbalizer"],
            [new OutputSpec($"stages/{p}/verbalizer/${{item.dataset}}-${{item.verbalizer}}")],
            "Few-shot T5 prompt classification with a manual (W/O KV) or knowledgeable (KV) verbalizer (Table 4).")
        {
            Matrix = [new("dataset", datasets), new("verbalizer", Verbalizers)],
        });
        var reportDeps = new List<string>();
        reportDeps.AddRange(splits);
        reportDeps.AddRange(datasets.SelectMany(d => Conditions.Select(c => $"stages/{p}/evaluate/{d}-{c}")));
        reportDeps.AddRange(datasets.SelectMany(d => InformationConditions.Select(c => $"stages/{p}/saliency/{d}-{c}")));
        reportDeps.AddRange(datasets.SelectMany(d => Verbalizers.Select(v => $"stages/{p}/verbalizer/{d}-{v}")));
        // The report's run facts name the base model's config and the data version: both are read, so both are deps.
        reportDeps.AddRange([ModelFolders.BaseConfigRelative(p, parameters.Model), "data.dvc", "reports/templates", "reports/paper-reference.yaml",
            .. code.Of(StageCode["report"])]);
        templates.Add(new("report", $"{Mre} report --profile {p}", reportDeps,
            [$"{p}.report", $"{p}.evaluate.bootstrap_resamples", $"{p}.evaluate.bootstrap_seed"],
            ReportOutputs(p),
            "Tables 1-4 and Figures 4-5 beside the paper: reports/<profile>/report.md and report.html."));
        return templates;
    }

    private static List<OutputSpec> ReportOutputs(string profile) => profile == "default"
        ? [new("reports/report.md"), new("reports/report.html"), new("reports/figures")]
        : [new($"reports/{profile}")];

    /// <summary>The dataset an instance belongs to, if any (for --dataset filtering).</summary>
    public static string? DatasetOf(StageInstance instance) =>
        instance.Variables.TryGetValue("key", out var key) && instance.Template == "split" ? key
        : instance.Variables.TryGetValue("item.dataset", out var dataset) ? dataset
        : null;
}
