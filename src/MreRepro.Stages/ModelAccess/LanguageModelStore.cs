using MreRepro.Models.Checkpoints;
using Spectre.Console;
using MreRepro.Models.Chat;
using MreRepro.Models.Llama;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;
using MreRepro.Training.Lora;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Stages.ModelAccess;

/// <summary>Where the decoder comes from: the pretrain stage's small model, or a local Hugging Face checkpoint.</summary>
public static class LanguageModelStore
{
    /// <summary>
    /// A decoder folder: a Hugging Face checkpoint (or the small model), or a LoRA adapter as PEFT saves it, which is
    /// merged into the profile's base model.
    /// </summary>
    public static LoadedLanguageModel Load(StageContext ctx, string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new StageException($"{folder}: model folder not found.");
        }
        if (LoraAdapterFile.IsAdapter(folder))
        {
            var merged = Load(ctx, ModelFolders.Base(ctx));
            LoraAdapterFile.MergeInto(merged.Model, folder);
            return merged;
        }
        // Prompts are written with LLaMA-2's chat template: refuse a checkpoint that declares another one.
        CheckpointChatTemplate.EnsureLlama2(folder);
        var device = Device(ctx);
        // Stages accept what Hugging Face's own loader ignores (rotary inv_freq buffers of Llama-2-*-hf exports); the
        // skipped tensors are named in a note. Anything else this implementation would compute differently is refused.
        var model = LlamaCheckpoint.Load(folder, new CheckpointLoadOptions
        {
            Device = device,
            Dtype = Dtype(ctx),
            AllowHarmlessExtras = true,
            Note = text => ctx.Console.MarkupLineInterpolated($"[yellow]note[/]: {text}"),
        });
        return new LoadedLanguageModel(model, ModelTokenizers.Load(folder), device)
        {
            MaxLength = Math.Min(model.Config.MaxPositionEmbeddings, ctx.Parameters.Model.MaxPositions),
        };
    }

    /// <summary>A fresh small LLaMA and its trimmed tokenizer (the texts plus the chat template's markers), sized from the profile's model parameters.</summary>
    public static LoadedLanguageModel CreateSmall(StageContext ctx, IEnumerable<string> vocabularyTexts)
    {
        var p = ctx.Parameters.Model;
        var tokenizer = BuildTokenizer(vocabularyTexts);
        var config = LlamaConfig.Small(tokenizer.VocabSize, p.HiddenSize, p.IntermediateSize, p.Layers, p.Heads, p.KeyValueHeads,
            p.MaxPositions, tokenizer.BosId, tokenizer.EosId, tokenizer.PadId);
        var device = Device(ctx);
        var model = new LlamaForCausalLM(config);
        model.to(device);
        return new LoadedLanguageModel(model, tokenizer, device);
    }

    /// <summary>The small model's trimmed vocabulary: every token of the texts and of the chat template's markers.</summary>
    public static TrimmedTokenizer BuildTokenizer(IEnumerable<string> vocabularyTexts) =>
        TrimmedTokenizer.Build(vocabularyTexts.Append(ChatTemplate.MarkerText));

    private static Device Device(StageContext ctx) => ctx.Parameters.Model.Device switch
    {
        ComputeDevice.Cuda when cuda.is_available() => CUDA,
        ComputeDevice.Cuda => throw new StageException("params.yaml asks for device cuda, but no CUDA device is available (build with -p:MreTorchBackend=cuda on a GPU machine)."),
        _ => CPU,
    };

    private static ScalarType Dtype(StageContext ctx) => ctx.Parameters.Model.Dtype switch
    {
        ModelDtype.Float16 => ScalarType.Float16,
        ModelDtype.BFloat16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };
}
