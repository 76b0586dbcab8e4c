using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.Llama;

/// <summary>The decoder stack: token embedding, blocks, final norm (Hugging Face's `model.*` names).</summary>
public sealed class LlamaModel : nn.Module
{
#pragma warning disable IDE1006
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
#pragma warning restore IDE1006

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    public Embedding Embeddings => embed_tokens;

    /// <summary>The final-norm output; <paramref name="hiddenStates"/>, when given, receives Hugging Face's output_hidden_states.</summary>
    public Tensor Forward(Tensor inputIds, Tensor cos, Tensor sin, Tensor mask, KeyValueCache? cache, AttentionCapture? capture,
        List<Tensor>? hiddenStates = null)
    {
        var h = embed_tokens.call(inputIds);
        for (var i = 0; i < layers.Count; i++)
        {
            var next = layers[i].Forward(h, cos, sin, mask, cache, i, capture);
            if (hiddenStates is null)
            {
                h.Dispose();
            }
            else
            {
                hiddenStates.Add(h);
            }
            h = next;
        }
        using (h)
        {
            var normed = norm.call(h);
            hiddenStates?.Add(normed.alias());
            return normed;
        }
    }
}

/// <summary>
/// LLaMA-2 architecture causal LM (pre-norm RMSNorm blocks, rotary embedding, grouped KV heads, SiLU-gated MLP),
/// with state-dict names equal to Hugging Face's so checkpoints load as they are.
/// </summary>
public sealed class LlamaForCausalLM : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly LlamaModel model;
    private readonly Linear lm_head;
#pragma warning restore IDE1006

    /// <param name="initialize">False skips Hugging Face's normal init (the weights are about to be loaded).</param>
    public LlamaForCausalLM(LlamaConfig config, bool initialize = true) : base(nameof(LlamaForCausalLM))
    {
        if (config.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(config));
        }
        Config = config;
        model = new LlamaModel(config);
        lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        if (config.TieWordEmbeddings)
        {
            lm_head.weight = model.Embeddings.weight!;
        }
        if (initialize)
        {
            InitWeights();
        }
    }

    public LlamaConfig Config { get; }

    /// <summary>When set, the next forward passes record attention adapters for saliency (spec A1).</summary>
    public AttentionCapture? Capture { get; set; }

    /// <summary>Logits [B, T, V] for token ids [B, T] with no padding.</summary>
    public override Tensor forward(Tensor inputIds) => Forward(inputIds);

    /// <summary>
    /// Logits for token ids [B, T]. attentionMask [B, past + T] marks real tokens (1) and padding (0); position ids
    /// default to the count of real tokens before each position, so left padding works; a cache enables decoding.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null, KeyValueCache? cache = null)
    {
        // No dispose scope here: HiddenStates' scope hands the attention adapters to the caller's scope.
        using var hidden = HiddenStates(inputIds, attentionMask, cache);
        return lm_head.call(hidden);
    }

    /// <summary>
    /// Logits [B, T, V] and the per-layer hidden states [B, T, hidden] as Hugging Face's output_hidden_states gives
    /// them: index 0 the embeddings, index i the output of layer i, the last (index num_hidden_layers) after the final norm.
    /// </summary>
    public (Tensor Logits, IReadOnlyList<Tensor> HiddenStates) ForwardWithHiddenStates(Tensor inputIds, Tensor? attentionMask = null)
    {
        var states = new List<Tensor>();
        using var hidden = HiddenStates(inputIds, attentionMask, null, states);
        return (lm_head.call(hidden), states);
    }

    /// <summary>The vocabulary head: logits [..., V] for hidden states [..., hidden] (callers may project only some positions).</summary>
    public Tensor Head(Tensor hidden) => lm_head.call(hidden);

    /// <summary>The last layer's hidden states after the final norm, [B, T, hidden] (what the head projects).</summary>
    public Tensor HiddenStates(Tensor inputIds, Tensor? attentionMask = null, KeyValueCache? cache = null) =>
        HiddenStates(inputIds, attentionMask, cache, null);

    private Tensor HiddenStates(Tensor inputIds, Tensor? attentionMask, KeyValueCache? cache, List<Tensor>? states)
    {
        var (b, t) = (inputIds.shape[0], inputIds.shape[1]);
        var past = cache?.Length ?? 0;
        using var scope = NewDisposeScope();
        var mask2d = attentionMask ?? ones(b, past + t, dtype: ScalarType.Int64, device: inputIds.device);
        using var cumulative = mask2d.cumsum(1) - LiveScalars.Of(1);
        using var clamped = cumulative.clamp_min(LiveScalars.Of(0));
        var positions = clamped.narrow(1, past, t);
        var (cos, sin) = RotaryEmbedding.For(positions, Config.HeadDim, Config.RopeTheta, model.Embeddings.weight!.dtype);
        var mask = AdditiveMask(mask2d, t, past);
        var result = model.Forward(inputIds, cos, sin, mask, cache, Capture, states).MoveToOuterDisposeScope();
        states?.ForEach(s => s.MoveToOuterDisposeScope());
        return result;
    }

    // [B, 1, T, past + T]: 0 where query i may attend to key j (j <= past + i and j is not padding), else -1e9.
    private static Tensor AdditiveMask(Tensor mask2d, long t, long past)
    {
        var device = mask2d.device;
        using var queries = LiveArithmetic.Range(past, past + t, device: device).unsqueeze(1);
        using var keys = LiveArithmetic.Range(0, past + t, device: device).unsqueeze(0);
        using var causal = keys <= queries;
        using var padding = mask2d.to_type(ScalarType.Bool).unsqueeze(1);
        using var allowed = causal.unsqueeze(0) & padding;
        return zeros(allowed.shape, dtype: ScalarType.Float32, device: device)
            .masked_fill(allowed.logical_not(), LiveScalars.Of(-1e9)).unsqueeze(1);
    }

    // HF's _init_weights: normal(0, initializer_range) for linear and embedding weights; norms stay at one.
    private void InitWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (!name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                nn.init.normal_(parameter, 0, Config.InitializerRange);
            }
        }
    }
}
