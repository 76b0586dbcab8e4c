using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.ModelAccess;

/// <summary>Where the models come from: a stage's small model trained here, or a local Hugging Face checkpoint folder.</summary>
public static class ModelFolders
{
    /// <summary>The decoder fine-tuning starts from.</summary>
    public static string Base(StageContext ctx) => ctx.Resolve(BaseRelative(ctx.Profile, ctx.Parameters.Model));

    /// <summary>The base decoder's folder relative to the repository root: the pretrain stage's model, or the checkpoint folder.</summary>
    public static string BaseRelative(string profile, LanguageModelParameters model) => model.Source switch
    {
        ModelSource.Small => StagePaths.Relative(profile, "pretrain") + "/model",
        _ when model.Checkpoint.Length > 0 => model.Checkpoint,
        _ => throw new StageException($"params.yaml: {profile}.model.checkpoint must name a local Hugging Face folder (config.json, *.safetensors, tokenizer.model)."),
    };

    /// <summary>The base decoder's config.json (the report lists it among its run facts).</summary>
    public static string BaseConfigRelative(string profile, LanguageModelParameters model) => BaseRelative(profile, model) + "/config.json";

    /// <summary>The T5 of the verbalizer stage.</summary>
    public static string T5(StageContext ctx) => ctx.Parameters.T5.Source switch
    {
        ModelSource.Small => Path.Combine(ctx.Paths.T5Pretrain, "model"),
        _ => ctx.Resolve(T5Relative(ctx.Profile, ctx.Parameters.T5)),
    };

    /// <summary>The T5 checkpoint folder relative to the repository root (or absolute), for source: checkpoint.</summary>
    public static string T5Relative(string profile, T5Parameters t5) => t5.Checkpoint.Length > 0
        ? t5.Checkpoint
        : throw new StageException($"params.yaml: {profile}.t5.source checkpoint needs t5.checkpoint (a folder with config.json, weights and spiece.model).");
}
