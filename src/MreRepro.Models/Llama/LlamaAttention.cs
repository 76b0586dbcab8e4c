using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.Llama;

/// <summary>Multi-head attention with rotary embedding and optional grouped key/value heads; softmax in fp32.</summary>
public sealed class LlamaAttention : nn.Module
{
#pragma warning disable IDE1006
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
#pragma warning restore IDE1006
    private readonly LlamaConfig _config;

    public LlamaAttention(LlamaConfig config) : base(nameof(LlamaAttention))
    {
        _config = config;
        var d = config.HeadDim;
        q_proj = nn.Linear(config.HiddenSize, config.NumAttentionHeads * d, hasBias: false);
        k_proj = nn.Linear(config.HiddenSize, config.KeyValueHeads * d, hasBias: false);
        v_proj = nn.Linear(config.HiddenSize, config.KeyValueHeads * d, hasBias: false);
        o_proj = nn.Linear(config.NumAttentionHeads * d, config.HiddenSize, hasBias: false);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, KeyValueCache? cache, int layer, AttentionCapture? capture)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var (h, kvh, d) = (_config.NumAttentionHeads, _config.KeyValueHeads, _config.HeadDim);
        using var q0 = q_proj.call(x).view(b, t, h, d).transpose(1, 2);
        using var k0 = k_proj.call(x).view(b, t, kvh, d).transpose(1, 2);
        using var v0 = v_proj.call(x).view(b, t, kvh, d).transpose(1, 2);
        using var q = RotaryEmbedding.Apply(q0, cos, sin);
        var k = RotaryEmbedding.Apply(k0, cos, sin);
        var v = v0.alias();
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);
        }
        if (kvh != h)
        {
            k = k.repeat_interleave(h / kvh, dim: 1);
            v = v.repeat_interleave(h / kvh, dim: 1);
        }
        using var scores = matmul(q, k.transpose(2, 3)) / LiveScalars.Of(Math.Sqrt(d));
        // Softmax in fp32 (as HF does for half precision); a float64 model keeps float64 for gradient checks.
        var softmaxType = scores.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        using var masked = scores.to_type(softmaxType).Plus(mask.to_type(softmaxType));
        var probs = masked.softmax(-1);
        if (capture is not null)
        {
            if (capture.KeepProbabilities)
            {
                capture.Probabilities[layer] = probs.detach().clone().MoveToOuterDisposeScope();
            }
            // The adapter must outlive the forward pass: its gradient is read after backward.
            var adapter = capture.AdapterFactory(layer, probs).MoveToOuterDisposeScope();
            capture.Adapters[layer] = adapter;
            probs = probs * adapter;
        }
        using var attended = matmul(probs.to_type(v.dtype), v);
        using var merged = attended.transpose(1, 2).contiguous().view(b, t, h * d);
        return o_proj.call(merged);
    }
}
