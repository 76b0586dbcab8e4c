using MreRepro.Domain.Prompts;
using MreRepro.Stages.Common;
using MreRepro.Stages.Evaluate;
using MreRepro.Stages.FineTune;
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
    DatasetAndVerbalizer,
}

/// <summary>What a stage verb was given.</summary>
public sealed record StageArguments(string Dataset = "", string Condition = "", string Verbalizer = "");

/// <summary>
/// A stage declared once: its name (also its `mre` verb, its dvc.yaml stage and its Cake task), what its verb does,
/// its entry point (whose folder is the stage's code), the options of its verb and how the verb runs it. A stage
/// whose verb needs options of its own (split, report) has no <see cref="Run"/> and keeps its own command.
/// </summary>
public sealed record StageDeclaration(string Name, string Summary, Type Code, StageOptions Options, Action<StageContext, StageArguments>? Run);

/// <summary>Every stage, in pipeline order, and the key lists of its matrix axes.</summary>
public static class StageRegistry
{
    /// <summary>Conditions of the fine-tuning and evaluation stages (Tables 2 and 3), by their keys.</summary>
    public static IReadOnlyList<string> Conditions { get; } = Domain.Prompts.Conditions.All.Select(Domain.Prompts.Conditions.Key).ToList();

    /// <summary>Conditions with supplied information, the saliency stage's (Figures 4 and 5).</summary>
    public static IReadOnlyList<string> InformationConditions { get; } =
        Domain.Prompts.Conditions.All.Where(Domain.Prompts.Conditions.HasInformation).Select(Domain.Prompts.Conditions.Key).ToList();

    /// <summary>The verbalizers of Table 4: W/O KV (manual) and KV (knowledgeable).</summary>
    public static IReadOnlyList<string> Verbalizers => VerbalizerStage.Kinds;

    public static IReadOnlyList<StageDeclaration> All { get; } =
    [
        new("split", "Draw the train/test split (pandas DataFrame.sample semantics by default) of a dataset.",
            typeof(SplitStage), StageOptions.None, null),
        new("pretrain", "Train the small LLaMA base model (and its tokenizer) on the unlabelled training texts.",
            typeof(PretrainStage), StageOptions.None, (ctx, _) => PretrainStage.Run(ctx)),
        new("finetune", "Fine-tune the decoder for one dataset and condition (wl, tli, tl, wli).",
            typeof(FineTuneStage), StageOptions.DatasetAndCondition, (ctx, a) => FineTuneStage.Run(ctx, a.Dataset, a.Condition)),
        new("evaluate", "Greedy-decode the test split with a fine-tuned model and score it.",
            typeof(EvaluateStage), StageOptions.DatasetAndCondition, (ctx, a) => EvaluateStage.Run(ctx, a.Dataset, a.Condition)),
        new("saliency", "Per-layer saliency information flow S_wp, S_pq, S_ww on a fine-tuned model.",
            typeof(SaliencyStage), StageOptions.DatasetAndCondition, (ctx, a) => SaliencyStage.Run(ctx, a.Dataset, a.Condition)),
        new("t5pretrain", "Pre-train the small T5 with span corruption on the training texts.",
            typeof(T5PretrainStage), StageOptions.None, (ctx, _) => T5PretrainStage.Run(ctx)),
        new("verbalizer", "Few-shot T5 prompt classification with a manual or knowledgeable verbalizer (Table 4).",
            typeof(VerbalizerStage), StageOptions.DatasetAndVerbalizer, (ctx, a) => VerbalizerStage.Run(ctx, a.Dataset, a.Verbalizer)),
        new("report", "Render the report (Tables 1-4, Figures 4-5, run facts) from the stage outputs.",
            typeof(ReportStage), StageOptions.None, null),
    ];

    /// <summary>The declaration of a stage, or an error listing the stages.</summary>
    public static StageDeclaration Get(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new StageException($"no stage '{name}' (stages: {string.Join(", ", All.Select(s => s.Name))}).");
}
