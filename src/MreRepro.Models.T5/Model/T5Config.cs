using System.Text.Json;
using System.Text.Json.Serialization;

namespace MreRepro.Models.T5.Model;

/// <summary>T5 hyper-parameters under the Hugging Face config.json names.</summary>
public sealed class T5Config
{
    [JsonPropertyName("d_model")] public int DModel { get; set; } = 512;
    [JsonPropertyName("d_ff")] public int DFf { get; set; } = 2048;
    [JsonPropertyName("d_kv")] public int DKv { get; set; } = 64;
    [JsonPropertyName("num_heads")] public int NumHeads { get; set; } = 8;
    [JsonPropertyName("num_layers")] public int NumLayers { get; set; } = 6;

    /// <summary>Decoder depth; HF falls back to num_layers when absent.</summary>
    [JsonPropertyName("num_decoder_layers")] public int? NumDecoderLayers { get; set; }

    [JsonPropertyName("feed_forward_proj")] public string FeedForwardProj { get; set; } = "relu";
    [JsonPropertyName("layer_norm_epsilon")] public double LayerNormEpsilon { get; set; } = 1e-6;
    [JsonPropertyName("relative_attention_num_buckets")] public int RelativeAttentionNumBuckets { get; set; } = 32;
    [JsonPropertyName("relative_attention_max_distance")] public int RelativeAttentionMaxDistance { get; set; } = 128;
    [JsonPropertyName("dropout_rate")] public double DropoutRate { get; set; } = 0.1;
    [JsonPropertyName("vocab_size")] public int VocabSize { get; set; } = 32128;
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; set; }
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; set; } = 1;
    [JsonPropertyName("decoder_start_token_id")] public int DecoderStartTokenId { get; set; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; set; } = true;
    [JsonPropertyName("model_type")] public string ModelType { get; set; } = "t5";

    [JsonIgnore] public int DecoderLayers => NumDecoderLayers ?? NumLayers;

    [JsonIgnore] public bool IsGatedGelu => FeedForwardProj is "gated-gelu";

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    /// <summary>The small model of the default profile, trained from scratch on CPU.</summary>
    public static T5Config Small(int vocabSize) => new()
    {
        DModel = 128, DFf = 256, DKv = 32, NumHeads = 4, NumLayers = 2, NumDecoderLayers = 2,
        FeedForwardProj = "relu", VocabSize = vocabSize, DropoutRate = 0.1,
    };

    /// <summary>sonoisa/t5-base-japanese (methods spec E5).</summary>
    public static T5Config BaseJapanese() => new()
    {
        DModel = 768, DFf = 3072, DKv = 64, NumHeads = 12, NumLayers = 12, NumDecoderLayers = 12,
        FeedForwardProj = "relu", LayerNormEpsilon = 1e-6, RelativeAttentionNumBuckets = 32, VocabSize = 32128,
        PadTokenId = 0, EosTokenId = 1, DecoderStartTokenId = 0, DropoutRate = 0.1,
    };

    /// <summary>Reads a config.json; unknown keys are ignored like HF does.</summary>
    public static T5Config Load(string path)
    {
        T5Config? config;
        try
        {
            config = JsonSerializer.Deserialize<T5Config>(File.ReadAllText(path), s_options);
        }
        catch (JsonException e)
        {
            throw new T5ConfigException($"{path}: invalid T5 config (line {e.LineNumber + 1}): {e.Message}");
        }
        if (config is null)
        {
            throw new T5ConfigException($"{path}: empty T5 config");
        }
        config.Validate(path);
        return config;
    }

    /// <summary>The typed view of a config.json already read; unknown keys are ignored like HF does.</summary>
    public static T5Config Parse(System.Text.Json.Nodes.JsonObject json, string path)
    {
        try
        {
            return json.Deserialize<T5Config>(s_options) ?? throw new T5ConfigException($"{path}: empty T5 config");
        }
        catch (JsonException e)
        {
            throw new T5ConfigException($"{path}: {e.Path?.TrimStart('$', '.')}: not a value this T5 config can hold ({e.Message.Split(". ")[0]})");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, s_options);

    internal void Validate(string source)
    {
        if (FeedForwardProj is not ("relu" or "gated-gelu"))
        {
            throw new T5ConfigException($"{source}: feed_forward_proj '{FeedForwardProj}' is not supported (relu | gated-gelu)");
        }
        if (DModel <= 0 || DFf <= 0 || DKv <= 0 || NumHeads <= 0 || NumLayers <= 0 || DecoderLayers <= 0 || VocabSize <= 0)
        {
            throw new T5ConfigException($"{source}: T5 sizes must be positive");
        }
    }
}

/// <summary>A config.json that cannot describe a T5 model.</summary>
public sealed class T5ConfigException(string message) : Exception(message);
