using MreRepro.Models.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Models.Llama;

/// <summary>SiLU-gated MLP: down(silu(gate(x)) ⊙ up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;
#pragma warning restore IDE1006

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var gate = nn.functional.silu(gate_proj.call(x));
        using var up = up_proj.call(x);
        using var product = gate * up;
        return down_proj.call(product);
    }
}

/// <summary>A pre-norm block: h = x + Attn(norm(x)); out = h + MLP(norm(h)).</summary>
public sealed class LlamaDecoderLayer : nn.Module
{
#pragma warning disable IDE1006
    private readonly LlamaAttention self_attn;
    private readonly LlamaMlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;
#pragma warning restore IDE1006

    public LlamaDecoderLayer(LlamaConfig config) : base(nameof(LlamaDecoderLayer))
    {
        self_attn = new LlamaAttention(config);
        mlp = new LlamaMlp(config);
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor mask, KeyValueCache? cache, int layer, AttentionCapture? capture)
    {
        using var normed = input_layernorm.call(x);
        using var attention = self_attn.Forward(normed, cos, sin, mask, cache, layer, capture);
        using var h = x.Plus(attention);
        using var normed2 = post_attention_layernorm.call(h);
        using var mlpOut = mlp.call(normed2);
        return h.Plus(mlpOut);
    }
}
