namespace MreRepro.Pipeline.Graph;

/// <summary>Stage instances and the edges their dependencies imply (a dep equal to, or inside, another's output).</summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _upstream;

    public PipelineGraph(IReadOnlyList<StageTemplate> templates)
    {
        Templates = templates;
        var instances = templates.SelectMany(TemplateExpander.Expand).ToList();
        var duplicate = instances.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new PipelineException($"two stages are both named {duplicate.Key}.");
        }
        var producers = new List<(string Out, string Stage)>();
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
                .SelectMany(d => producers.Where(p => d == p.Out || d.StartsWith(p.Out + "/", StringComparison.Ordinal)).Select(p => p.Stage))
                .Where(s => s != i.Name)
                .Distinct()
                .ToList());
        Instances = TopologicalOrder(instances);
    }

    public IReadOnlyList<StageTemplate> Templates { get; }

    /// <summary>All instances, upstream before downstream, otherwise in definition order.</summary>
    public IReadOnlyList<StageInstance> Instances { get; }

    public StageInstance this[string name] =>
        Instances.FirstOrDefault(i => i.Name == name) ?? throw new PipelineException($"no stage named '{name}' (try `mre status`).");

    public IReadOnlyList<string> Upstream(string name) => _upstream[name];

    /// <summary>The instances a target names (a stage name selects all its instances), with their upstream when asked.</summary>
    public IReadOnlyList<StageInstance> Select(string target, bool withUpstream)
    {
        var chosen = Instances.Where(i => i.Name == target || i.Template == target).Select(i => i.Name).ToHashSet();
        if (chosen.Count == 0)
        {
            throw new PipelineException($"no stage or stage instance named '{target}'.");
        }
        if (withUpstream)
        {
            var stack = new Stack<string>(chosen);
            while (stack.Count > 0)
            {
                foreach (var up in _upstream[stack.Pop()])
                {
                    if (chosen.Add(up))
                    {
                        stack.Push(up);
                    }
                }
            }
        }
        return Instances.Where(i => chosen.Contains(i.Name)).ToList();
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
