using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MreRepro.Models.Checkpoints;

namespace MreRepro.Models.Llama;

/// <summary>A LLaMA configuration with Hugging Face's config.json names.</summary>
public sealed record LlamaConfig
{
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = ["LlamaForCausalLM"];
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "llama";
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 32000;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 4096;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 11008;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 32;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 32;
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 4096;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-5;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000;
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    [JsonPropertyName("bos_token_id")] public int BosTokenId { get; init; } = 1;
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; init; } = 2;
    [JsonPropertyName("pad_token_id")] public int? PadTokenId { get; init; }
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;
    [JsonPropertyName("torch_dtype")] public string TorchDtype { get; init; } = "float32";

    // Read so that checkpoints this architecture does not implement fail clearly; not written unless set.
    [JsonPropertyName("rope_scaling"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? RopeScaling { get; init; }
    [JsonPropertyName("attention_bias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool AttentionBias { get; init; }
    [JsonPropertyName("mlp_bias"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool MlpBias { get; init; }
    [JsonPropertyName("head_dim"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? ExplicitHeadDim { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;
    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>LLaMA-2-7B(-chat): 32 layers, 32 heads, hidden 4096, intermediate 11008, vocab 32000.</summary>
    public static LlamaConfig Paper7B { get; } = new() { TorchDtype = "float16" };

    /// <summary>The default profile's small model: trains on 2 CPU cores in minutes.</summary>
    public static LlamaConfig Small(int vocabSize, int hidden = 128, int intermediate = 344, int layers = 4, int heads = 4,
        int? kvHeads = null, int maxPositions = 256, int bos = 1, int eos = 2, int pad = 3) => new()
    {
        VocabSize = vocabSize, HiddenSize = hidden, IntermediateSize = intermediate, NumHiddenLayers = layers,
        NumAttentionHeads = heads, NumKeyValueHeads = kvHeads ?? heads, MaxPositionEmbeddings = maxPositions,
        BosTokenId = bos, EosTokenId = eos, PadTokenId = pad, TieWordEmbeddings = false,
    };

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static LlamaConfig Load(string path)
    {
        var config = Parse(CheckpointFolder.ReadConfig(Path.GetDirectoryName(Path.GetFullPath(path))!, path, out _), path);
        var problem = config.Problem();
        return problem is null ? config : throw new CheckpointException($"{path}: {problem}");
    }

    /// <summary>The typed view of a config.json already read; a field of the wrong JSON type fails naming it.</summary>
    public static LlamaConfig Parse(JsonObject json, string path)
    {
        try
        {
            return json.Deserialize<LlamaConfig>() ?? throw new CheckpointException($"{path}: empty config.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: {e.Path?.TrimStart('$', '.')}: not a value this LLaMA config can hold ({e.Message.Split(". ")[0]}).", e);
        }
    }

    /// <summary>Why this architecture cannot run the config, or null when it can.</summary>
    public string? Problem() => Problems().Select(p => $"{p.Field}: {p.Message}").FirstOrDefault();

    /// <summary>
    /// Every field this implementation would compute differently from Hugging Face's LlamaForCausalLM, each with the
    /// config key it concerns: another architecture label, biases, rope scaling, activation, head size, bad sizes.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (ModelType != "llama")
        {
            problems.Add(("model_type", $"'{ModelType}' is not a LLaMA-architecture decoder (model_type llama); this implementation would compute it differently."));
        }
        var others = (Architectures ?? []).Where(a => a != "LlamaForCausalLM").ToList();
        if (others.Count > 0)
        {
            problems.Add(("architectures", $"{string.Join(", ", others)} is not LlamaForCausalLM."));
        }
        if (VocabSize <= 0 || HiddenSize <= 0 || IntermediateSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0 || KeyValueHeads <= 0)
        {
            problems.Add(("hidden_size", "vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads and num_key_value_heads must be positive."));
            return problems;
        }
        if (HiddenSize % NumAttentionHeads != 0 || NumAttentionHeads % KeyValueHeads != 0 || HeadDim % 2 != 0)
        {
            problems.Add(("num_attention_heads", $"hidden_size {HiddenSize}, num_attention_heads {NumAttentionHeads} and num_key_value_heads {KeyValueHeads} do not divide into an even head size."));
        }
        if (ExplicitHeadDim is { } d && d != HeadDim)
        {
            problems.Add(("head_dim", $"{d} differs from hidden_size / num_attention_heads = {HeadDim}, which this LLaMA implementation assumes."));
        }
        if (HiddenAct is not ("silu" or "swish"))
        {
            problems.Add(("hidden_act", $"'{HiddenAct}' is not supported (LLaMA uses silu)."));
        }
        if (RopeScaling is { ValueKind: not JsonValueKind.Null } scaling && !IsDefaultRope(scaling))
        {
            problems.Add(("rope_scaling", $"{scaling.GetRawText()} is not supported (LLaMA-2 uses none)."));
        }
        if (AttentionBias)
        {
            problems.Add(("attention_bias", "true is not supported (LLaMA-2 attention projections have no bias)."));
        }
        if (MlpBias)
        {
            problems.Add(("mlp_bias", "true is not supported (LLaMA-2 MLP projections have no bias)."));
        }
        return problems;
    }

    // {"rope_type": "default"} (newer transformers) means no scaling, like null.
    private static bool IsDefaultRope(JsonElement scaling) =>
        scaling.ValueKind == JsonValueKind.Object
        && scaling.EnumerateObject().All(p => p.Name is "rope_type" or "type" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "default");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");
}
