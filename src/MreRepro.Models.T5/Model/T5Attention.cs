using MreRepro.Models.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Model;

/// <summary>T5 multi-head attention: no 1/sqrt(d_kv) scaling, optional relative position bias.</summary>
internal sealed class T5Attention : nn.Module
{
    private readonly int _heads;
    private readonly int _dKv;
    private readonly bool _bidirectional;
    private readonly int _numBuckets;
    private readonly int _maxDistance;
    private readonly double _dropout;
    private readonly Linear _q;
    private readonly Linear _k;
    private readonly Linear _v;
    private readonly Linear _o;
    private readonly Embedding? _relativeAttentionBias;

    public T5Attention(T5Config config, bool hasRelativeBias, bool bidirectional) : base(nameof(T5Attention))
    {
        _heads = config.NumHeads;
        _dKv = config.DKv;
        _bidirectional = bidirectional;
        _numBuckets = config.RelativeAttentionNumBuckets;
        _maxDistance = config.RelativeAttentionMaxDistance;
        _dropout = config.DropoutRate;
        var inner = _heads * _dKv;
        _q = nn.Linear(config.DModel, inner, hasBias: false);
        _k = nn.Linear(config.DModel, inner, hasBias: false);
        _v = nn.Linear(config.DModel, inner, hasBias: false);
        _o = nn.Linear(inner, config.DModel, hasBias: false);
        register_module("q", _q);
        register_module("k", _k);
        register_module("v", _v);
        register_module("o", _o);
        if (hasRelativeBias)
        {
            _relativeAttentionBias = nn.Embedding(_numBuckets, _heads);
            register_module("relative_attention_bias", _relativeAttentionBias);
        }
    }

    // Children are registered by hand under HF names; TorchSharp's field reflection would add duplicates.
    protected override void RegisterComponents()
    {
    }

    public bool HasRelativeBias => _relativeAttentionBias is not null;

    /// <summary>Position bias [1, heads, q, k] from block 0's bucket embedding.</summary>
    public Tensor ComputeBias(long queryLength, long keyLength)
    {
        using var scope = NewDisposeScope();
        var buckets = RelativePositionBucket.Compute(queryLength, keyLength, _bidirectional, _numBuckets, _maxDistance, _q.weight!.device);
        var values = _relativeAttentionBias!.forward(buckets);
        return values.permute(2, 0, 1).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>Attends from hidden [B, q, d] to keyValue [B, k, d]; bias already holds the additive mask.</summary>
    public Tensor Forward(Tensor hidden, Tensor keyValue, Tensor bias)
    {
        using var scope = NewDisposeScope();
        var batch = hidden.shape[0];
        Tensor Shape(Tensor x) => x.view(batch, -1, _heads, _dKv).transpose(1, 2);
        var q = Shape(_q.forward(hidden));
        var k = Shape(_k.forward(keyValue));
        var v = Shape(_v.forward(keyValue));
        var scores = matmul(q, k.transpose(2, 3)).Plus(bias);
        // Softmax in at least fp32, as HF does for half precision.
        var wide = scores.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? scores.to_type(ScalarType.Float32) : scores;
        var weights = nn.functional.softmax(wide, -1).to_type(scores.dtype);
        weights = nn.functional.dropout(weights, _dropout, training);
        var context = matmul(weights, v).transpose(1, 2).contiguous().view(batch, -1, _heads * _dKv);
        return _o.forward(context).MoveToOuterDisposeScope();
    }
}
