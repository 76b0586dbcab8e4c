using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MreRepro.Models.Tensors;

namespace MreRepro.Models.T5.Model;

/// <summary>An encoder or decoder stack; block 0 owns the relative bias that all blocks reuse.</summary>
internal sealed class T5Stack : nn.Module
{
    private readonly bool _isDecoder;
    private readonly double _dropout;
    private readonly T5Block[] _blocks;
    private readonly T5LayerNorm _finalLayerNorm;

    public T5Stack(T5Config config, bool isDecoder) : base(nameof(T5Stack))
    {
        _isDecoder = isDecoder;
        _dropout = config.DropoutRate;
        var count = isDecoder ? config.DecoderLayers : config.NumLayers;
        _blocks = Enumerable.Range(0, count).Select(i => new T5Block(config, isDecoder, hasRelativeBias: i == 0)).ToArray();
        _finalLayerNorm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        register_module("block", nn.ModuleList(_blocks));
        register_module("final_layer_norm", _finalLayerNorm);
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    /// <summary>
    /// Runs the stack on embeddings [B, L, d]; masks are 1 for real tokens, 0 for padding. <paramref name="hiddenStates"/>,
    /// when given, receives Hugging Face's hidden states: the embeddings, each block's output, the last after the final norm.
    /// </summary>
    public Tensor Forward(Tensor embeddings, Tensor? attentionMask, Tensor? encoderHidden, Tensor? encoderAttentionMask,
        List<Tensor>? hiddenStates = null)
    {
        using var scope = NewDisposeScope();
        var batch = embeddings.shape[0];
        var length = embeddings.shape[1];
        var dtype = embeddings.dtype;
        var device = embeddings.device;
        var mask = attentionMask ?? ones(batch, length, dtype: ScalarType.Int64, device: device);
        var extended = mask.unsqueeze(1).unsqueeze(1).to_type(dtype);
        if (_isDecoder)
        {
            var causal = tril(ones(length, length, dtype: dtype, device: device));
            extended = extended * causal.unsqueeze(0).unsqueeze(0);
        }
        var selfBias = _blocks[0].SelfAttention.ComputeBias(length, length).Plus(AdditiveMask(extended, dtype));
        Tensor? crossBias = null;
        if (_isDecoder)
        {
            var encMask = encoderAttentionMask ?? ones(batch, encoderHidden!.shape[1], dtype: ScalarType.Int64, device: device);
            crossBias = AdditiveMask(encMask.unsqueeze(1).unsqueeze(1).to_type(dtype), dtype);
        }
        var hidden = nn.functional.dropout(embeddings, _dropout, training);
        foreach (var block in _blocks)
        {
            hiddenStates?.Add(hidden);
            hidden = block.Forward(hidden, selfBias, encoderHidden, crossBias);
        }
        hidden = _finalLayerNorm.forward(hidden);
        var output = nn.functional.dropout(hidden, _dropout, training);
        if (hiddenStates is not null)
        {
            hiddenStates.Add(output.alias());
            hiddenStates.ForEach(h => h.MoveToOuterDisposeScope());
        }
        return output.MoveToOuterDisposeScope();
    }

    // HF adds (1 - mask) * finfo.min so masked keys vanish after softmax without producing NaN.
    private static Tensor AdditiveMask(Tensor mask, ScalarType dtype)
    {
        var min = dtype == ScalarType.Float64 ? double.MinValue : float.MinValue;
        return LiveScalars.Of(1.0).Minus(mask) * LiveScalars.Of(min);
    }
}
