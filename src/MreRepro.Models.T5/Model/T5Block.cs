using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Model;

/// <summary>One T5 block: self-attention, cross-attention in the decoder, feed-forward.</summary>
internal sealed class T5Block : nn.Module
{
    private readonly T5LayerSelfAttention _selfAttention;
    private readonly T5LayerCrossAttention? _crossAttention;
    private readonly T5LayerFF _feedForward;

    public T5Block(T5Config config, bool isDecoder, bool hasRelativeBias) : base(nameof(T5Block))
    {
        _selfAttention = new T5LayerSelfAttention(config, hasRelativeBias, bidirectional: !isDecoder);
        _feedForward = new T5LayerFF(config);
        var layers = new List<nn.Module> { _selfAttention };
        if (isDecoder)
        {
            _crossAttention = new T5LayerCrossAttention(config);
            layers.Add(_crossAttention);
        }
        layers.Add(_feedForward);
        register_module("layer", nn.ModuleList(layers.ToArray()));
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public T5Attention SelfAttention => _selfAttention.SelfAttention;

    public Tensor Forward(Tensor hidden, Tensor selfBias, Tensor? encoderHidden, Tensor? encoderMaskBias)
    {
        using var scope = NewDisposeScope();
        var x = _selfAttention.Forward(hidden, selfBias);
        if (_crossAttention is not null)
        {
            x = _crossAttention.Forward(x, encoderHidden!, encoderMaskBias!);
        }
        return _feedForward.forward(x).MoveToOuterDisposeScope();
    }
}
