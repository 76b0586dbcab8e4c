namespace MreRepro.Pipeline.Graph;

/// <summary>
/// Stage instances and the edges their dependencies imply: as in DVC's build_graph, a dep that equals, lies inside,
/// or contains another instance's output makes that instance upstream.
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _upstream;
    private readonly Dictionary<string, IReadOnlyList<string>> _downstream;
    private readonly List<(string Out, string Stage)> _producers = [];

    public PipelineGraph(IReadOnlyList<StageTemplate> templates)
    {
        Templates = templates;
        var instances = templates.SelectMany(TemplateExpander.Expand).ToList();
        var duplicate = instances.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new PipelineException($"two stages are both named {duplicate.Key}.");
        }
        var producers = _producers;
        foreach (var instance in instances)
        {
            foreach (var output in instance.Outs)
            {
                var clash = producers.FirstOrDefault(p => Overlaps(p.Out, output.Path));
                if (clash.Out is not null)
                {
                    throw new PipelineException($"output {output.Path} of {instance.Name} overlaps output {clash.Out} of {clash.Stage}.");
                }
                producers.Add((output.Path, instance.Name));
            }
        }
        _upstream = instances.ToDictionary(
            i => i.Name,
            i => (IReadOnlyList<string>)i.Deps
                .SelectMany(d => producers.Where(p => Overlaps(d, p.Out)).Select(p => p.Stage))
                .Where(s => s != i.Name)
                .Distinct()
                .ToList());
        Instances = TopologicalOrder(instances);
        _downstream = Instances.ToDictionary(
            i => i.Name,
            i => (IReadOnlyList<string>)Instances.Where(d => _upstream[d.Name].Contains(i.Name)).Select(d => d.Name).ToList());
    }

    public IReadOnlyList<StageTemplate> Templates { get; }

    /// <summary>All instances, upstream before downstream, otherwise in definition order.</summary>
    public IReadOnlyList<StageInstance> Instances { get; }

    public StageInstance this[string name] =>
        Instances.FirstOrDefault(i => i.Name == name) ?? throw new PipelineException($"no stage named '{name}' (try `mre status`).");

    /// <summary>The instances whose outputs this instance depends on directly.</summary>
    public IReadOnlyList<string> Upstream(string name) => _upstream[Known(name)];

    /// <summary>The instances that depend directly on this instance's outputs.</summary>
    public IReadOnlyList<string> Downstream(string name) => _downstream[Known(name)];

    /// <summary>
    /// Every dependency that no instance produces (data files, checkpoint folders, code), with the instances that
    /// need it, in run order: what must exist before the pipeline can run.
    /// </summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> NeededBy)> ExternalInputs() =>
        Instances.SelectMany(i => i.Deps.Where(d => !_producers.Any(p => Overlaps(d, p.Out))).Select(d => (Dep: d, i.Name)))
            .GroupBy(x => x.Dep, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(x => x.Name).Distinct().ToList()))
            .ToList();

    /// <summary>
    /// The instances a target names (a stage name selects all its instances), plus everything upstream and/or
    /// downstream of them when asked, in run order.
    /// </summary>
    public IReadOnlyList<StageInstance> Select(string target, bool withUpstream, bool withDownstream = false)
    {
        var chosen = Instances.Where(i => i.Name == target || i.Template == target).Select(i => i.Name).ToHashSet();
        if (chosen.Count == 0)
        {
            throw new PipelineException($"no stage or stage instance named '{target}'.");
        }
        var selected = new HashSet<string>(chosen);
        if (withUpstream)
        {
            selected.UnionWith(Closure(chosen, _upstream));
        }
        if (withDownstream)
        {
            selected.UnionWith(Closure(chosen, _downstream));
        }
        return Instances.Where(i => selected.Contains(i.Name)).ToList();
    }

    private string Known(string name) =>
        _upstream.ContainsKey(name) ? name : throw new PipelineException($"no stage instance named '{name}'.");

    private static HashSet<string> Closure(IEnumerable<string> start, Dictionary<string, IReadOnlyList<string>> edges)
    {
        var reached = new HashSet<string>(start);
        var stack = new Stack<string>(reached);
        while (stack.Count > 0)
        {
            foreach (var next in edges[stack.Pop()])
            {
                if (reached.Add(next))
                {
                    stack.Push(next);
                }
            }
        }
        return reached;
    }

    private static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal);

    private IReadOnlyList<StageInstance> TopologicalOrder(List<StageInstance> instances)
    {
        var order = new List<StageInstance>();
        var state = new Dictionary<string, int>();
        var byName = instances.ToDictionary(i => i.Name);
        void Visit(StageInstance i, List<string> path)
        {
            if (state.TryGetValue(i.Name, out var s))
            {
                if (s == 1)
                {
                    throw new PipelineException($"the pipeline has a cycle: {string.Join(" -> ", path.SkipWhile(p => p != i.Name).Append(i.Name))}.");
                }
                return;
            }
            state[i.Name] = 1;
            path.Add(i.Name);
            foreach (var up in _upstream[i.Name])
            {
                Visit(byName[up], path);
            }
            path.RemoveAt(path.Count - 1);
            state[i.Name] = 2;
            order.Add(i);
        }
        foreach (var instance in instances)
        {
            Visit(instance, new List<string>());
        }
        return order;
    }
}
