using MreRepro.Models;
using MreRepro.Models.Chat;
using MreRepro.Models.Checkpoints;
using MreRepro.Models.Generation;
using MreRepro.Models.Llama;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Models.T5.Tokenization;
using MreRepro.Models.Tokenization;
using MreRepro.Stages.ModelAccess;
using static TorchSharp.torch;

namespace MreRepro.Cli.Commands;

/// <summary>
/// A checkpoint folder as the `mre model` verbs see it, whichever supported architecture it holds: the LLaMA-architecture
/// decoder or T5, chosen from config.json's model_type (anything else goes to the LLaMA checks, which refuse it by name).
/// </summary>
internal abstract class ModelFolder
{
    protected ModelFolder(string folder, CheckpointLoadOptions options)
    {
        Folder = folder;
        Options = options;
    }

    public string Folder { get; }

    protected CheckpointLoadOptions Options { get; }

    public abstract string Architecture { get; }

    /// <summary>Sizes as (name, value) in config.json's own terms.</summary>
    public abstract IReadOnlyList<(string Name, string Value)> Sizes { get; }

    public abstract string StoredDtype { get; }

    public abstract long Parameters { get; }

    public abstract IReadOnlyList<CheckpointFinding> Findings { get; }

    public abstract string Tokenizer { get; }

    public abstract ModelShape Shape(int loraRank);

    /// <summary>Prompt ids for text, as the model family's tokenizer adds special tokens (BOS for LLaMA, EOS for T5).</summary>
    public abstract long[] Encode(string text, bool chat);

    /// <summary>Greedy continuation ids and their text (null without a tokenizer).</summary>
    public abstract (int[] Ids, string? Text) Generate(long[] prompt, int maxNewTokens, bool stopAtEos);

    /// <summary>Float32 logits and per-layer hidden states, named as written to the output file.</summary>
    public abstract IReadOnlyDictionary<string, Tensor> Forward(long[] ids, long[]? decoderIds);

    public static ModelFolder Open(string folder, CheckpointLoadOptions options)
    {
        var config = CheckpointFolder.ReadConfig(folder, options.ConfigPath, out _);
        var modelType = config["model_type"]?.ToString() ?? "";
        return modelType is "t5" or "mt5" ? new T5Folder(folder, options) : new LlamaFolder(folder, options);
    }

    protected static Tensor Float(Tensor t) => t.detach().to_type(ScalarType.Float32).cpu().contiguous();
}

/// <summary>The LLaMA-architecture decoder.</summary>
internal sealed class LlamaFolder(string folder, CheckpointLoadOptions options) : ModelFolder(folder, options)
{
    private readonly LlamaInspection _inspection = LlamaCheckpoint.Inspect(folder, options);

    private LlamaConfig Config => _inspection.Config;

    public override string Architecture => $"LLaMA-architecture decoder ({string.Join(", ", Config.Architectures ?? [])}, model_type {Config.ModelType})";

    public override IReadOnlyList<(string Name, string Value)> Sizes =>
    [
        ("vocab_size", $"{Config.VocabSize}"), ("hidden_size", $"{Config.HiddenSize}"), ("intermediate_size", $"{Config.IntermediateSize}"),
        ("num_hidden_layers", $"{Config.NumHiddenLayers}"), ("num_attention_heads", $"{Config.NumAttentionHeads}"),
        ("num_key_value_heads", $"{Config.KeyValueHeads}"), ("max_position_embeddings", $"{Config.MaxPositionEmbeddings}"),
        ("tie_word_embeddings", Config.TieWordEmbeddings ? "true" : "false"),
        ("bos/eos/pad ids", $"{Config.BosTokenId}/{Config.EosTokenId}/{(Config.PadTokenId?.ToString() ?? "none")}"),
        ("weight files", $"{_inspection.Folder.Files.Count}"),
    ];

    public override string StoredDtype => _inspection.StoredDtype;

    public override long Parameters => _inspection.ParameterCount;

    public override IReadOnlyList<CheckpointFinding> Findings => [.. _inspection.Findings, .. ChatTemplateFindings()];

    // The stages refuse a checkpoint whose tokenizer_config.json declares a chat template other than LLaMA-2's.
    private IEnumerable<CheckpointFinding> ChatTemplateFindings()
    {
        try
        {
            CheckpointChatTemplate.EnsureLlama2(Folder);
            return [];
        }
        catch (CheckpointException e)
        {
            return [CheckpointFinding.Refuse(CheckpointChatTemplate.FileName, "chat_template", e.Message)];
        }
    }

    public override string Tokenizer
    {
        get
        {
            try
            {
                var tokenizer = ModelTokenizers.Load(Folder);
                var template = File.Exists(Path.Combine(Folder, "tokenizer_config.json")) ? ", tokenizer_config.json present" : "";
                return $"{tokenizer.GetType().Name}, {tokenizer.VocabSize} ids{template}";
            }
            catch (CheckpointException e)
            {
                return $"none usable ({e.Message})";
            }
        }
    }

    public override ModelShape Shape(int loraRank)
    {
        long h = Config.HiddenSize, q = (long)Config.NumAttentionHeads * Config.HeadDim, kv = (long)Config.KeyValueHeads * Config.HeadDim;
        var lora = Config.NumHiddenLayers * loraRank * ((h + q) + 2 * (h + kv) + (q + h));
        return new ModelShape(Parameters, Config.NumHiddenLayers, Config.HiddenSize, Config.NumAttentionHeads, (int)kv, Config.VocabSize, lora);
    }

    public override long[] Encode(string text, bool chat)
    {
        var tokenizer = ModelTokenizers.Load(Folder);
        return chat
            ? ChatTemplate.Encode(tokenizer, [new ChatSegment("text", text)], null).Ids
            : [tokenizer.BosId, .. tokenizer.Encode(text).Select(id => (long)id)];
    }

    public override (int[] Ids, string? Text) Generate(long[] prompt, int maxNewTokens, bool stopAtEos)
    {
        CheckIds(prompt, Config.VocabSize, "--ids");
        using var model = LlamaCheckpoint.Load(Folder, Options);
        model.eval();
        var ids = GreedyGenerator.Generate(model, [prompt], maxNewTokens, stopAtEos ? Config.EosTokenId : null, Config.PadTokenId)[0];
        return (ids, TryDecode(ids));
    }

    public override IReadOnlyDictionary<string, Tensor> Forward(long[] ids, long[]? decoderIds)
    {
        if (decoderIds is not null)
        {
            throw new CheckpointException("--decoder-ids: only a T5 (encoder-decoder) checkpoint takes decoder ids.");
        }
        CheckIds(ids, Config.VocabSize, "--ids");
        using var model = LlamaCheckpoint.Load(Folder, Options);
        model.eval();
        using var noGrad = no_grad();
        using var input = tensor(ids, device: model.parameters().First().device).unsqueeze(0);
        var (logits, hidden) = model.ForwardWithHiddenStates(input);
        var outputs = new Dictionary<string, Tensor> { ["logits"] = Float(logits) };
        for (var i = 0; i < hidden.Count; i++)
        {
            outputs[$"hidden.{i}"] = Float(hidden[i]);
        }
        logits.Dispose();
        foreach (var h in hidden)
        {
            h.Dispose();
        }
        return outputs;
    }

    private string? TryDecode(IEnumerable<int> ids)
    {
        try
        {
            return ModelTokenizers.Load(Folder).Decode(ids);
        }
        catch (CheckpointException)
        {
            return null;
        }
    }

    internal static void CheckIds(IEnumerable<long> ids, int vocab, string option)
    {
        foreach (var id in ids.Where(id => id < 0 || id >= vocab).Take(1))
        {
            throw new CheckpointException($"{option}: token id {id} is outside the vocabulary (vocab_size {vocab}).");
        }
    }
}

/// <summary>T5 v1.0 or v1.1.</summary>
internal sealed class T5Folder(string folder, CheckpointLoadOptions options) : ModelFolder(folder, options)
{
    private readonly T5Inspection _inspection = T5Checkpoint.Inspect(folder, options);

    private T5Config Config => _inspection.Config;

    public override string Architecture => $"T5 {_inspection.Version} encoder-decoder (feed_forward_proj {Config.FeedForwardProj}, {(Config.TieWordEmbeddings ? "tied" : "untied")} head)";

    public override IReadOnlyList<(string Name, string Value)> Sizes =>
    [
        ("vocab_size", $"{Config.VocabSize}"), ("d_model", $"{Config.DModel}"), ("d_ff", $"{Config.DFf}"), ("d_kv", $"{Config.DKv}"),
        ("num_heads", $"{Config.NumHeads}"), ("num_layers", $"{Config.NumLayers}"), ("num_decoder_layers", $"{Config.DecoderLayers}"),
        ("pad/eos/decoder_start ids", $"{Config.PadTokenId}/{Config.EosTokenId}/{Config.DecoderStartTokenId}"),
        ("weight files", $"{_inspection.Files.Count}"),
    ];

    public override string StoredDtype => _inspection.StoredDtype;

    public override long Parameters => _inspection.ParameterCount;

    public override IReadOnlyList<CheckpointFinding> Findings => _inspection.Findings;

    public override string Tokenizer
    {
        get
        {
            try
            {
                var tokenizer = LoadTokenizer();
                return $"{tokenizer.GetType().Name}, {tokenizer.VocabSize} ids";
            }
            catch (Exception e) when (e is CheckpointException or FileNotFoundException)
            {
                return $"none usable ({e.Message})";
            }
        }
    }

    public override ModelShape Shape(int loraRank)
    {
        long d = Config.DModel, inner = (long)Config.NumHeads * Config.DKv;
        var attentions = Config.NumLayers + 2 * Config.DecoderLayers;
        var lora = attentions * loraRank * 4 * (d + inner);
        return new ModelShape(Parameters, Config.NumLayers + Config.DecoderLayers, Config.DModel, Config.NumHeads, (int)inner, Config.VocabSize, lora);
    }

    public override long[] Encode(string text, bool chat)
    {
        if (chat)
        {
            throw new CheckpointException("--chat: the chat template is for decoders; a T5 takes the plain text.");
        }
        return [.. LoadTokenizer().Encode(text).Select(id => (long)id), Config.EosTokenId];
    }

    public override (int[] Ids, string? Text) Generate(long[] prompt, int maxNewTokens, bool stopAtEos)
    {
        LlamaFolder.CheckIds(prompt, Config.VocabSize, "--ids");
        using var model = T5Checkpoint.Load(Folder, Options);
        model.eval();
        var ids = T5GreedyDecoder.Generate(model, prompt, maxNewTokens, stopAtEos ? Config.EosTokenId : null);
        string? text;
        try
        {
            text = LoadTokenizer().Decode(ids);
        }
        catch (Exception e) when (e is CheckpointException or FileNotFoundException)
        {
            text = null;
        }
        return (ids, text);
    }

    public override IReadOnlyDictionary<string, Tensor> Forward(long[] ids, long[]? decoderIds)
    {
        decoderIds ??= [Config.DecoderStartTokenId];
        LlamaFolder.CheckIds(ids, Config.VocabSize, "--ids");
        LlamaFolder.CheckIds(decoderIds, Config.VocabSize, "--decoder-ids");
        using var model = T5Checkpoint.Load(Folder, Options);
        model.eval();
        using var noGrad = no_grad();
        var device = model.parameters().First().device;
        using var input = tensor(ids, device: device).unsqueeze(0);
        using var decoderInput = tensor(decoderIds, device: device).unsqueeze(0);
        var (logits, encoder, decoder) = model.ForwardWithHiddenStates(input, null, decoderInput);
        var outputs = new Dictionary<string, Tensor> { ["logits"] = Float(logits) };
        for (var i = 0; i < encoder.Count; i++)
        {
            outputs[$"encoder_hidden.{i}"] = Float(encoder[i]);
        }
        for (var i = 0; i < decoder.Count; i++)
        {
            outputs[$"decoder_hidden.{i}"] = Float(decoder[i]);
        }
        foreach (var t in encoder.Concat(decoder).Append(logits))
        {
            t.Dispose();
        }
        return outputs;
    }

    private IT5Tokenizer LoadTokenizer()
    {
        var trimmed = Path.Combine(Folder, TrimmedTokenizer.FileName);
        if (File.Exists(trimmed))
        {
            return new TrimmedT5Tokenizer(TrimmedTokenizer.Load(trimmed));
        }
        var spiece = Path.Combine(Folder, "spiece.model");
        return File.Exists(spiece)
            ? T5SentencePieceTokenizer.Load(spiece)
            : throw new CheckpointException($"{Folder}: no tokenizer (spiece.model or {TrimmedTokenizer.FileName}).");
    }
}
