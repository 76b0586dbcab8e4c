using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.T5Pretrain;

/// <summary>Where the T5 comes from: the t5pretrain stage's small model, or a local Hugging Face checkpoint (t5-base-japanese).</summary>
public static class T5Store
{
    public static string Folder(StageContext ctx) => ctx.Parameters.T5.Source switch
    {
        "small" => Path.Combine(ctx.Paths.T5Pretrain, "model"),
        "checkpoint" when ctx.Parameters.T5.Checkpoint.Length > 0 => ctx.Resolve(ctx.Parameters.T5.Checkpoint),
        var other => throw new StageException($"params.yaml: {ctx.Profile}.t5.source '{other}' needs t5.checkpoint (a folder with config.json, weights and spiece.model) or 'small'."),
    };

    public static (T5ForConditionalGeneration Model, IT5Tokenizer Tokenizer) Load(StageContext ctx)
    {
        var folder = Folder(ctx);
        if (!Directory.Exists(folder))
        {
            throw new StageException($"{folder}: T5 folder not found.");
        }
        var model = T5Checkpoint.Load(folder);
        var trimmed = Path.Combine(folder, TrimmedTokenizer.FileName);
        IT5Tokenizer tokenizer = File.Exists(trimmed)
            ? new TrimmedT5Tokenizer(TrimmedTokenizer.Load(trimmed))
            : T5SentencePieceTokenizer.Load(Path.Combine(folder, "spiece.model"));
        return (model, tokenizer);
    }
}
