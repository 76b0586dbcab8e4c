namespace MreRepro.Reporting.Model;

/// <summary>
/// How the reported numbers were produced: commit (marked when the checkout had uncommitted changes), profile,
/// parameters, the dataset files read with their md5, model, hardware, seeds and stage timings.
/// </summary>
public sealed record RunFacts(
    string? GitCommit,
    string? Profile,
    IReadOnlyDictionary<string, object?> Parameters,
    string? DataFiles,
    IReadOnlyDictionary<string, object?> ModelConfiguration,
    string? Hardware,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<StageTiming> Stages)
{
    /// <summary>Facts with nothing known, for tests and partial runs.</summary>
    public static RunFacts Unknown { get; } = new(null, null, new Dictionary<string, object?>(), null, new Dictionary<string, object?>(), null, [], []);
}

/// <summary>Wall-clock duration of one pipeline stage and whether its outputs came from the cache.</summary>
public sealed record StageTiming(string Name, double? Seconds, bool FromCache);
