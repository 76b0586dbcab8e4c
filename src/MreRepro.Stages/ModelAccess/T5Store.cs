using MreRepro.Models.Checkpoints;
using Spectre.Console;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.ModelAccess;

/// <summary>Loads the verbalizer stage's T5 and its tokenizer (trimmed o200k with sentinels, or the checkpoint's spiece.model) from <see cref="ModelFolders.T5"/>.</summary>
public static class T5Store
{
    public static (T5ForConditionalGeneration Model, IT5Tokenizer Tokenizer) Load(StageContext ctx)
    {
        var folder = ModelFolders.T5(ctx);
        if (!Directory.Exists(folder))
        {
            throw new StageException($"{folder}: T5 folder not found.");
        }
        // As for the decoder: tensors Hugging Face's loader ignores (unused cross-attention bias) are skipped with a note.
        var model = T5Checkpoint.Load(folder, new CheckpointLoadOptions
        {
            Device = ModelDevice.Resolve(ctx.Parameters.T5.Device, $"{ctx.Profile}.t5.device"),
            AllowHarmlessExtras = true,
            Note = text => ctx.Console.MarkupLineInterpolated($"[yellow]note[/]: {text}"),
        });
        var trimmed = Path.Combine(folder, TrimmedTokenizer.FileName);
        IT5Tokenizer tokenizer = File.Exists(trimmed)
            ? new TrimmedT5Tokenizer(TrimmedTokenizer.Load(trimmed))
            : T5SentencePieceTokenizer.Load(Path.Combine(folder, "spiece.model"));
        return (model, tokenizer);
    }
}
