using Spectre.Console;
using MreRepro.Models.Llama;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Stages.LanguageModel;

/// <summary>Where the decoder comes from: the pretrain stage's small model, or a local Hugging Face checkpoint.</summary>
public static class LanguageModelStore
{
    /// <summary>The model fine-tuning starts from.</summary>
    public static string BaseFolder(StageContext ctx) => ctx.Parameters.Model.Source switch
    {
        "small" => Path.Combine(ctx.Paths.Pretrain, "model"),
        "checkpoint" when ctx.Parameters.Model.Checkpoint.Length > 0 => ctx.Resolve(ctx.Parameters.Model.Checkpoint),
        "checkpoint" => throw new StageException($"params.yaml: {ctx.Profile}.model.checkpoint must name a local Hugging Face folder (config.json, *.safetensors, tokenizer.model)."),
        var other => throw new StageException($"params.yaml: {ctx.Profile}.model.source '{other}' is neither small nor checkpoint."),
    };

    public static LoadedLanguageModel Load(StageContext ctx, string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new StageException($"{folder}: model folder not found.");
        }
        var device = Device(ctx);
        var model = LlamaCheckpoint.Load(folder, device, Dtype(ctx), note: text => ctx.Console.MarkupLineInterpolated($"[yellow]note[/]: {text}"));
        return new LoadedLanguageModel(model, ModelTokenizers.Load(folder), device);
    }

    /// <summary>A fresh small LLaMA and its trimmed tokenizer, sized from the profile's model parameters.</summary>
    public static LoadedLanguageModel CreateSmall(StageContext ctx, IEnumerable<string> vocabularyTexts)
    {
        var p = ctx.Parameters.Model;
        var tokenizer = TrimmedTokenizer.Build(vocabularyTexts);
        var config = LlamaConfig.Small(tokenizer.VocabSize, p.HiddenSize, p.IntermediateSize, p.Layers, p.Heads, p.KeyValueHeads,
            p.MaxPositions, tokenizer.BosId, tokenizer.EosId, tokenizer.PadId);
        var device = Device(ctx);
        var model = new LlamaForCausalLM(config);
        model.to(device);
        return new LoadedLanguageModel(model, tokenizer, device);
    }

    /// <summary>Fixed thread count: CPU reductions are bit-identical only for the same number of threads.</summary>
    public static void ConfigureThreads(StageContext ctx)
    {
        if (ctx.Parameters.Model.Threads > 0)
        {
            set_num_threads(ctx.Parameters.Model.Threads);
        }
    }

    public static void DeleteQuietly(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Device Device(StageContext ctx) => ctx.Parameters.Model.Device switch
    {
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new StageException("params.yaml asks for device cuda, but no CUDA device is available (build with -p:MreTorchBackend=cuda on a GPU machine)."),
        _ => CPU,
    };

    private static ScalarType Dtype(StageContext ctx) => ctx.Parameters.Model.Dtype switch
    {
        "float16" => ScalarType.Float16,
        "bfloat16" => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };
}
