namespace MreRepro.Pipeline.Dvc;

/// <summary>
/// The small YAML data model of DVC files: null, bool, long, double, string, <see cref="YamlMap"/> (ordered) and
/// List&lt;object?&gt;. Values keep their YAML types because DVC compares parameters as Python values.
/// </summary>
public sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    public YamlMap() { }

    public YamlMap(IEnumerable<KeyValuePair<string, object?>> items) : base(items) { }

    public object? this[string key]
    {
        get => Find(key, out var value) ? value : null;
        set
        {
            var i = FindIndex(kv => kv.Key == key);
            if (i >= 0)
            {
                this[i] = new(key, value);
            }
            else
            {
                Add(new(key, value));
            }
        }
    }

    public bool Find(string key, out object? value)
    {
        foreach (var kv in this)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    public bool Remove(string key) => RemoveAll(kv => kv.Key == key) > 0;
}

/// <summary>Python-style equality of YAML values (1 == 1.0 == True; maps compare as dicts, lists in order).</summary>
public static class YamlValues
{
    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (bool x, bool y) => x == y,
        (bool x, _) => AreEqual(x ? 1L : 0L, b),
        (_, bool y) => AreEqual(a, y ? 1L : 0L),
        (long x, long y) => x == y,
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (double x, double y) => x.Equals(y),
        (string x, string y) => x == y,
        (YamlMap x, YamlMap y) => x.Count == y.Count && x.All(kv => y.Find(kv.Key, out var v) && AreEqual(kv.Value, v)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => AreEqual(p.First, p.Second)),
        _ => false,
    };

    /// <summary>A short display form for change reasons.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        YamlMap or List<object?> => YamlWriter.Flow(value),
        _ => YamlWriter.Scalar(value),
    };
}
