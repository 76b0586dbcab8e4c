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
        CheckSizes(ctx, folder, model.Config);
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

    // With a checkpoint the sizes under model: document it (its config.json gives them): one that disagrees is an error,
    // not a model silently other than the one params.yaml describes.
    private static void CheckSizes(StageContext ctx, string folder, LlamaConfig config)
    {
        var p = ctx.Parameters.Model;
        var wrong = new (string Key, int Params, int Config, string ConfigKey)[]
            {
                ("hidden_size", p.HiddenSize, config.HiddenSize, "hidden_size"),
                ("intermediate_size", p.IntermediateSize, config.IntermediateSize, "intermediate_size"),
                ("layers", p.Layers, config.NumHiddenLayers, "num_hidden_layers"),
                ("heads", p.Heads, config.NumAttentionHeads, "num_attention_heads"),
                ("key_value_heads", p.KeyValueHeads, config.NumKeyValueHeads ?? config.NumAttentionHeads, "num_key_value_heads"),
            }
            .Where(s => s.Params != s.Config)
            .Select(s => $"{ctx.Profile}.model.{s.Key} {s.Params} but {s.ConfigKey} {s.Config}")
            .ToList();
        if (p.Source == ModelSource.Checkpoint && wrong.Count > 0)
        {
            throw new StageException($"params.yaml: {string.Join("; ", wrong)} in {Path.Combine(folder, "config.json")}; set params.yaml to the checkpoint's sizes (they document it, they do not resize it).");
        }
    }

    private static Device Device(StageContext ctx) => ModelDevice.Resolve(ctx.Parameters.Model.Device, $"{ctx.Profile}.model.device");

    private static ScalarType Dtype(StageContext ctx) => ctx.Parameters.Model.Dtype switch
    {
        ModelDtype.Float16 => ScalarType.Float16,
        ModelDtype.BFloat16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };
}
