namespace MreRepro.Pipeline.Graph;

/// <summary>What kind of output a path is (all cached by default, as in DVC).</summary>
public enum OutputKind
{
    Out,
    Metric,
    Plot,
}

/// <summary>A declared output.</summary>
public sealed record OutputSpec(string Path, OutputKind Kind = OutputKind.Out, bool Cache = true);

/// <summary>
/// A stage of dvc.yaml: a plain stage, a `foreach` over keys (name@key), or a `matrix` of named axes
/// (name@v1-v2). Strings may use ${key}, ${item} and ${item.field}.
/// </summary>
public sealed record StageTemplate(
    string Name,
    string Cmd,
    IReadOnlyList<string> Deps,
    IReadOnlyList<string> Params,
    IReadOnlyList<OutputSpec> Outs,
    string? Desc = null)
{
    /// <summary>foreach over these keys (each key's item is the key itself, or the mapped fields).</summary>
    public IReadOnlyList<ForeachItem>? Foreach { get; init; }

    /// <summary>matrix axes in order: axis name -> values.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>? Matrix { get; init; }
}

/// <summary>One foreach entry: the key and, for a dict foreach, its fields (${item.field}).</summary>
public sealed record ForeachItem(string Key, IReadOnlyDictionary<string, string>? Fields = null);
