using MreRepro.Pipeline.Graph;

namespace MreRepro.Pipeline.Repro;

/// <summary>
/// What a dry run cannot see from dvc.lock alone: an unchanged instance still runs after an upstream instance
/// recomputes its outputs (unless they come out byte-identical). DVC's `repro --dry` lists only the first.
/// </summary>
public static class RunForecast
{
    /// <summary>
    /// For each instance, the upstream instances (direct or not) that will recompute their outputs: changed and not
    /// merely restorable from the cache. Empty for instances with no such upstream.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RecomputingUpstream(
        PipelineGraph graph, IReadOnlyDictionary<string, StageStatus> statuses)
    {
        var causes = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var instance in graph.Instances)
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var up in graph.Upstream(instance.Name))
            {
                if (statuses.TryGetValue(up, out var status) && status.Changed && !status.Restorable)
                {
                    set.Add(up);
                }
                set.UnionWith(causes[up]);
            }
            causes[instance.Name] = set;
        }
        return causes.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value.ToList(), StringComparer.Ordinal);
    }
}
