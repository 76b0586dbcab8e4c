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
