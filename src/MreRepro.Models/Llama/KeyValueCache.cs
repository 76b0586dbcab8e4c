using static TorchSharp.torch;

namespace MreRepro.Models.Llama;

/// <summary>Past keys and values per layer, for incremental decoding.</summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    public KeyValueCache(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>Number of cached positions.</summary>
    public long Length => _keys[0]?.shape[2] ?? 0;

    /// <summary>Appends this step's keys and values and returns the full ones.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var k = _keys[layer] is { } pk ? cat([pk, keys], 2) : keys.alias();
        var v = _values[layer] is { } pv ? cat([pv, values], 2) : values.alias();
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        _keys[layer] = k.DetachFromDisposeScope();
        _values[layer] = v.DetachFromDisposeScope();
        return (k, v);
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
        {
            t?.Dispose();
        }
    }
}

/// <summary>
/// Saliency capture (spec A1): after the softmax each layer multiplies its attention probabilities by a tensor of
/// ones that requires grad; the gradient of that tensor is A ⊙ dL/dA. Off by default, when it costs nothing.
/// </summary>
public sealed class AttentionCapture
{
    public AttentionCapture(int layers, bool keepProbabilities = false)
    {
        Adapters = new Tensor?[layers];
        Probabilities = new Tensor?[layers];
        KeepProbabilities = keepProbabilities;
    }

    public Tensor?[] Adapters { get; }

    /// <summary>Makes the adapter for (layer, probabilities); default: ones that require grad. Tests scale one entry.</summary>
    public Func<int, Tensor, Tensor> AdapterFactory { get; init; } = (_, probs) => ones_like(probs).requires_grad_(true);
    public Tensor?[] Probabilities { get; }

    /// <summary>Also keep a detached copy of every layer's attention probabilities (for tests and inspection).</summary>
    public bool KeepProbabilities { get; }
}
