using MreRepro.Models.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Model;

/// <summary>Pre-norm self-attention sublayer (HF T5LayerSelfAttention).</summary>
internal sealed class T5LayerSelfAttention : nn.Module
{
    private readonly T5LayerNorm _layerNorm;
    private readonly double _dropout;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeBias, bool bidirectional) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(config, hasRelativeBias, bidirectional);
        _layerNorm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        register_module("SelfAttention", SelfAttention);
        register_module("layer_norm", _layerNorm);
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public T5Attention SelfAttention { get; }

    public Tensor Forward(Tensor hidden, Tensor bias)
    {
        using var scope = NewDisposeScope();
        var normed = _layerNorm.forward(hidden);
        var attended = SelfAttention.Forward(normed, normed, bias);
        return hidden.Plus(nn.functional.dropout(attended, _dropout, training)).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-norm cross-attention sublayer (HF T5LayerCrossAttention), no position bias.</summary>
internal sealed class T5LayerCrossAttention : nn.Module
{
    private readonly T5Attention _encDecAttention;
    private readonly T5LayerNorm _layerNorm;
    private readonly double _dropout;

    public T5LayerCrossAttention(T5Config config) : base(nameof(T5LayerCrossAttention))
    {
        _encDecAttention = new T5Attention(config, hasRelativeBias: false, bidirectional: true);
        _layerNorm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        register_module("EncDecAttention", _encDecAttention);
        register_module("layer_norm", _layerNorm);
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public Tensor Forward(Tensor hidden, Tensor encoderHidden, Tensor encoderMaskBias)
    {
        using var scope = NewDisposeScope();
        var normed = _layerNorm.forward(hidden);
        var attended = _encDecAttention.Forward(normed, encoderHidden, encoderMaskBias);
        return hidden.Plus(nn.functional.dropout(attended, _dropout, training)).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-norm feed-forward sublayer (HF T5LayerFF).</summary>
internal sealed class T5LayerFF : nn.Module<Tensor, Tensor>
{
    private readonly T5DenseActDense _denseReluDense;
    private readonly T5LayerNorm _layerNorm;
    private readonly double _dropout;

    public T5LayerFF(T5Config config) : base(nameof(T5LayerFF))
    {
        _denseReluDense = new T5DenseActDense(config);
        _layerNorm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        register_module("DenseReluDense", _denseReluDense);
        register_module("layer_norm", _layerNorm);
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var output = _denseReluDense.forward(_layerNorm.forward(hidden));
        return hidden.Plus(nn.functional.dropout(output, _dropout, training)).MoveToOuterDisposeScope();
    }
}
