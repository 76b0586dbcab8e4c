using MreRepro.Pipeline.Graph;
using MreRepro.Stages.Common;
using MreRepro.Stages.Evaluate;
using MreRepro.Stages.FineTune;
using MreRepro.Stages.ModelAccess;
using MreRepro.Stages.Parameters;
using MreRepro.Stages.Pretrain;
using MreRepro.Stages.Report;
using MreRepro.Stages.Saliency;
using MreRepro.Stages.Split;
using MreRepro.Stages.T5Pretrain;
using MreRepro.Stages.Verbalizer;

namespace MreRepro.Stages.Definition;

/// <summary>The options a stage's verb takes besides --profile, --params and --root.</summary>
public enum StageOptions
{
    None,
    DatasetAndCondition,
    DatasetConditionAndSeed,
    DatasetAndVerbalizer,
}

/// <summary>What a stage verb was given.</summary>
public sealed record StageArguments(string Dataset = "", string Condition = "", string Verbalizer = "", int Seed = 0);

/// <summary>What a stage's dvc.yaml template is made from: the profile, its parameters and the stage's code deps.</summary>
public sealed record TemplateInputs(string Profile, ProfileParameters Parameters, IReadOnlyList<string> Code,
    string ParamsFile = ParametersFile.DefaultPath)
{
    public IReadOnlyList<string> Datasets => Parameters.Datasets.Keys.ToList();

    /// <summary>Every dataset's split output.</summary>
    public IReadOnlyList<string> Splits => Datasets.Select(d => Output("split", d)).ToList();

    /// <summary>
    /// The decoder fine-tuning starts from: the pretrain stage's output, or the checkpoint folder (config, weights,
    /// tokenizer), so that replacing a checkpoint's files reruns what was trained from it.
    /// </summary>
    public IReadOnlyList<string> BaseModel =>
        [Parameters.Model.Source == ModelSource.Small ? Output("pretrain") : ModelFolders.BaseRelative(Profile, Parameters.Model)];

    /// <summary>
    /// The model keys a stage that loads the decoder depends on: the whole model section for the small model (its sizes
    /// shape it); for a checkpoint, whose sizes come from its config.json, only the keys that still apply, so that
    /// editing a documenting size does not rerun anything.
    /// </summary>
    public IReadOnlyList<string> ModelKeys => Parameters.Model.Source == ModelSource.Small
        ? [$"{Profile}.model"]
        : new[] { "source", "checkpoint", "max_positions", "device", "dtype", "threads" }.Select(k => $"{Profile}.model.{k}").ToList();

    /// <summary>
    /// What a stage that loads the fine-tuned models reads besides them: with LoRA a fine-tuned model is its adapter
    /// alone (PEFT's files), merged on load into the base model, which is then read too.
    /// </summary>
    public IReadOnlyList<string> AdapterBase => Parameters.Finetune.Lora.Enabled ? BaseModel : [];

    /// <summary>The T5 of the verbalizer: the t5pretrain stage's output, or the checkpoint folder.</summary>
    public IReadOnlyList<string> T5Model =>
        [Parameters.T5.Source == ModelSource.Small ? Output("t5pretrain") : ModelFolders.T5Relative(Profile, Parameters.T5)];

    /// <summary>A stage's output folder, '/'-separated as in dvc.yaml.</summary>
    public string Output(string stage, string? key = null) => StagePaths.Relative(Profile, stage, key);

    /// <summary>Every fine-tuning seed's model of the instance's dataset and condition (what evaluate and saliency read).</summary>
    public IReadOnlyList<string> FineTuneSeeds(string datasetCondition) =>
        Parameters.Finetune.Seeds.Select(seed => Output("finetune", $"{datasetCondition}/{StagePaths.SeedFolder(seed)}")).ToList();

    /// <summary>
    /// The finetune section's keys except the seed list: a finetune instance depends on these and on its own seed only,
    /// so adding a seed trains that seed alone instead of every seed again.
    /// </summary>
    public IReadOnlyList<string> FineTuneKeys =>
        typeof(FineTuneParameters).GetProperties().Select(p => YamlDotNet.Serialization.NamingConventions.UnderscoredNamingConvention.Instance.Apply(p.Name))
            .Where(k => k != "seeds").Select(k => $"{Profile}.finetune.{k}").ToList();

    /// <summary>The `mre` command of a stage verb for this profile (naming the parameters file when it is not params.yaml).</summary>
    public string Command(string stage, string options = "") =>
        $"build/mre {stage} --profile {Profile}{(ParamsFile == ParametersFile.DefaultPath ? "" : " --params " + ShellWord(ParamsFile))}{options}";

    // A path as one shell word: quoted only where it holds something the shell would read.
    private static string ShellWord(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+,@%:".Contains(c)) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>
/// A stage declared once: its name (its `mre` verb, its dvc.yaml stage and its Cake task), what its verb does, its
/// entry point (whose folder is the stage's code), the options of its verb, how the verb runs it and its dvc.yaml
/// template (null when the profile does not run the stage). A stage whose verb has options of its own (split,
/// report) has no <see cref="Run"/> and keeps its own command.
/// </summary>
public sealed record StageDeclaration(string Name, string Summary, Type Code, StageOptions Options,
    Action<StageContext, StageArguments>? Run, Func<TemplateInputs, StageTemplate?> Template);

/// <summary>Every stage, in pipeline order, and the key lists of the matrix axes.</summary>
public static class StageRegistry
{
    /// <summary>Conditions of the fine-tuning and evaluation stages (Tables 2 and 3), by their keys.</summary>
    public static IReadOnlyList<string> Conditions { get; } = Domain.Prompts.Conditions.All.Select(Domain.Prompts.Conditions.Key).ToList();

    /// <summary>Conditions with supplied information, the saliency stage's (Figures 4 and 5).</summary>
    public static IReadOnlyList<string> InformationConditions { get; } =
        Domain.Prompts.Conditions.All.Where(Domain.Prompts.Conditions.HasInformation).Select(Domain.Prompts.Conditions.Key).ToList();

    /// <summary>The verbalizers of Table 4: W/O KV (manual) and KV (knowledgeable).</summary>
    public static IReadOnlyList<string> Verbalizers => VerbalizerStage.Kinds;

    private const string DatasetCondition = " --dataset ${item.dataset} --condition ${item.condition}";
    private const string DatasetConditionKey = "${item.dataset}-${item.condition}";
    private const string DatasetSplit = "${item.dataset}";

    public static IReadOnlyList<StageDeclaration> All { get; } =
    [
        new("split", "Draw the train/test split (pandas DataFrame.sample semantics by default) of a dataset.",
            typeof(SplitStage), StageOptions.None, null,
            t => new StageTemplate("split", t.Command("split", " --dataset ${key}"),
                ["${item.file}", .. t.Code],
                [$"{t.Profile}.split", $"{t.Profile}.datasets.${{key}}"],
                [new OutputSpec(t.Output("split", "${key}"))],
                "Seeded train/test draw of one dataset (pandas DataFrame.sample semantics by default).")
            {
                Foreach = t.Datasets.Select(d => new ForeachItem(d, new Dictionary<string, string> { ["file"] = t.Parameters.Datasets[d].File })).ToList(),
            }),
        new("pretrain", "Train the small LLaMA base model (and its tokenizer) on the unlabelled training texts.",
            typeof(PretrainStage), StageOptions.None, (ctx, _) => PretrainStage.Run(ctx),
            t => t.Parameters.Model.Source != ModelSource.Small ? null : new StageTemplate("pretrain", t.Command("pretrain"),
                [.. t.Splits, .. t.Code],
                [$"{t.Profile}.model", $"{t.Profile}.pretrain"],
                [new OutputSpec(t.Output("pretrain"))],
                "Trimmed tokenizer and small LLaMA base model, causal LM on the unlabelled training texts.")),
        new("finetune", "Fine-tune the decoder for one dataset, condition (wl, tli, tl, wli) and seed.",
            typeof(FineTuneStage), StageOptions.DatasetConditionAndSeed, (ctx, a) => FineTuneStage.Run(ctx, a.Dataset, a.Condition, a.Seed),
            t => new StageTemplate("finetune", t.Command("finetune", DatasetCondition + " --seed ${item.seed}"),
                [t.Output("split", DatasetSplit), .. t.BaseModel, .. t.Code],
                [.. t.ModelKeys, .. t.FineTuneKeys],
                [new OutputSpec(t.Output("finetune", DatasetConditionKey + "/seed-${item.seed}"))],
                "Supervised fine-tuning (answer tokens only, epoch chosen on held-out training records) for one dataset, condition and seed.")
            {
                Matrix = [new("dataset", t.Datasets), new("condition", Conditions),
                    new("seed", t.Parameters.Finetune.Seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList())],
            }),
        new("evaluate", "Greedy-decode the test split with a fine-tuned model and score it.",
            typeof(EvaluateStage), StageOptions.DatasetAndCondition, (ctx, a) => EvaluateStage.Run(ctx, a.Dataset, a.Condition),
            t => new StageTemplate("evaluate", t.Command("evaluate", DatasetCondition),
                [t.Output("split", DatasetSplit), .. t.FineTuneSeeds(DatasetConditionKey), .. t.AdapterBase, .. t.Code],
                [.. t.ModelKeys, $"{t.Profile}.evaluate", $"{t.Profile}.finetune.seeds"],
                [new OutputSpec(t.Output("evaluate", DatasetConditionKey))],
                "Greedy decoding of the test split with every seed's model, parsed and scored (Tables 2 and 3).")
            {
                Matrix = [new("dataset", t.Datasets), new("condition", Conditions)],
            }),
        new("saliency", "Per-layer saliency information flow S_wp, S_pq, S_ww on a fine-tuned model.",
            typeof(SaliencyStage), StageOptions.DatasetAndCondition, (ctx, a) => SaliencyStage.Run(ctx, a.Dataset, a.Condition),
            t => new StageTemplate("saliency", t.Command("saliency", DatasetCondition),
                [t.Output("split", DatasetSplit), .. t.FineTuneSeeds(DatasetConditionKey), .. t.AdapterBase, .. t.Code],
                [.. t.ModelKeys, $"{t.Profile}.saliency", $"{t.Profile}.finetune.seeds"],
                [new OutputSpec(t.Output("saliency", DatasetConditionKey))],
                "Per-layer information flow S_wp, S_pq, S_ww of every seed's model and their mean (Figures 4 and 5).")
            {
                Matrix = [new("dataset", t.Datasets), new("condition", InformationConditions)],
            }),
        new("t5pretrain", "Pre-train the small T5 with span corruption on the training texts.",
            typeof(T5PretrainStage), StageOptions.None, (ctx, _) => T5PretrainStage.Run(ctx),
            t => t.Parameters.T5.Source != ModelSource.Small ? null : new StageTemplate("t5pretrain", t.Command("t5pretrain"),
                [.. t.Splits, .. t.BaseModel, .. t.Code],
                [$"{t.Profile}.t5"],
                [new OutputSpec(t.Output("t5pretrain"))],
                "Small T5 pre-trained with span corruption on the training texts.")),
        new("verbalizer", "Few-shot T5 prompt classification with a manual or knowledgeable verbalizer (Table 4).",
            typeof(VerbalizerStage), StageOptions.DatasetAndVerbalizer, (ctx, a) => VerbalizerStage.Run(ctx, a.Dataset, a.Verbalizer),
            t => new StageTemplate("verbalizer", t.Command("verbalizer", " --dataset ${item.dataset} --verbalizer ${item.verbalizer}"),
                [t.Output("split", DatasetSplit), .. t.T5Model, .. t.Code],
                [$"{t.Profile}.t5", $"{t.Profile}.verbalizer"],
                [new OutputSpec(t.Output("verbalizer", "${item.dataset}-${item.verbalizer}"))],
                "Few-shot T5 prompt classification with a manual (W/O KV) or knowledgeable (KV) verbalizer (Table 4).")
            {
                Matrix = [new("dataset", t.Datasets), new("verbalizer", Verbalizers)],
            }),
        new("report", "Render the report (Tables 1-4, Figures 4-5, run facts) from the stage outputs.",
            typeof(ReportStage), StageOptions.None, null,
            t => new StageTemplate("report", t.Command("report"),
                [
                    .. t.Splits,
                    // The run facts name every dataset file read with its md5.
                    .. t.Datasets.Select(d => t.Parameters.Datasets[d].File),
                    .. t.Datasets.SelectMany(d => Conditions.Select(c => t.Output("evaluate", $"{d}-{c}"))),
                    .. t.Datasets.SelectMany(d => InformationConditions.Select(c => t.Output("saliency", $"{d}-{c}"))),
                    .. t.Datasets.SelectMany(d => Verbalizers.Select(v => t.Output("verbalizer", $"{d}-{v}"))),
                    // The run facts name the base model's config: it is read, so it is a dep.
                    ModelFolders.BaseConfigRelative(t.Profile, t.Parameters.Model),
                    "reports/templates", "reports/paper-reference.yaml", .. t.Code,
                ],
                [$"{t.Profile}.report", $"{t.Profile}.evaluate.bootstrap_resamples", $"{t.Profile}.evaluate.bootstrap_seed"],
                t.Profile == "default"
                    ? [new("reports/report.md"), new("reports/report.html"), new("reports/conclusions.json"), new("reports/figures")]
                    : [new(StagePaths.ReportFolder(t.Profile))],
                "Tables 1-4 and Figures 4-5 beside the paper: reports/<profile>/report.md and report.html.")),
    ];

    /// <summary>The declaration of a stage, or an error listing the stages.</summary>
    public static StageDeclaration Get(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new StageException($"no stage '{name}' (stages: {string.Join(", ", All.Select(s => s.Name))}).");
}
