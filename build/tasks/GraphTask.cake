// Graph: writes the registered tasks and their dependencies as JSON (a test checks them against dvc.yaml).
using System.Text.Json;

/// <summary>Dumps the Cake task graph.</summary>
public sealed class GraphTask : PipelineTask
{
    public override string Name => "Graph";
    public override string Description => "Write the registered task graph to --graph-out (default artifacts/cake-graph.json).";

    public override void Run(PipelineContext context)
    {
        var graph = context.RegisteredTasks
            .Select(t => new { name = t.Name, dependencies = t.Dependencies.Select(d => d.Name).ToList() })
            .ToList();
        var path = System.IO.Path.Combine(context.Options.RepositoryRoot, context.Options.GraphOut);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(graph, new JsonSerializerOptions { WriteIndented = true }));
        context.Cake.Information($"wrote {path}");
    }
}
