using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Tests.Repro;

/// <summary>The dry run names the instances that will run only because an upstream instance recomputes.</summary>
public sealed class RunForecastTests
{
    private static PipelineGraph Graph() => new(
    [
        new StageTemplate("first", "mkdir -p out && cat in.txt > out/a.txt", ["in.txt"], ["p.first"], [new OutputSpec("out")]),
        new StageTemplate("second", "cat out/a.txt > b.txt", ["out"], ["p.second"], [new OutputSpec("b.txt")]),
        new StageTemplate("third", "cat b.txt > c.txt", ["b.txt"], [], [new OutputSpec("c.txt")]),
        new StageTemplate("other", "echo other > d.txt", [], ["p.other"], [new OutputSpec("d.txt")]),
    ]);

    /// <summary>The graph, run once in <paramref name="ws"/> from its inputs, so every instance has a lock entry.</summary>
    private static PipelineGraph RunAll(TempWorkspace ws)
    {
        ws.Write("in.txt", "input\n");
        ws.Write("params.yaml", "p:\n  first: 1\n  second: 1\n  other: x\n");
        var graph = Graph();
        var runner = new StageRunner(new Workspace(ws.Root));
        foreach (var instance in graph.Instances)
        {
            runner.Run(instance);
        }
        return graph;
    }

    private static Dictionary<string, StageStatus> Statuses(TempWorkspace ws, PipelineGraph graph)
    {
        var runner = new StageRunner(new Workspace(ws.Root));
        return graph.Instances.ToDictionary(i => i.Name, i => runner.Status(i));
    }

    [Fact]
    public void Should_name_every_upstream_instance_that_recomputes_directly_or_through_others()
    {
        using var ws = new TempWorkspace();
        var graph = RunAll(ws);
        ws.Write("in.txt", "changed\n");

        var statuses = Statuses(ws, graph);
        var forecast = RunForecast.RecomputingUpstream(graph, statuses);

        Assert.True(statuses["first"].Changed);
        Assert.False(statuses["second"].Changed);
        Assert.False(statuses["third"].Changed);
        Assert.Equal(["first"], forecast["second"]);
        Assert.Equal(["first"], forecast["third"]);
        Assert.Empty(forecast["other"]);
        Assert.Empty(forecast["first"]);
    }

    [Fact]
    public void Should_not_count_an_upstream_instance_that_is_only_restored_from_the_cache()
    {
        using var ws = new TempWorkspace();
        var graph = RunAll(ws);
        Directory.Delete(Path.Combine(ws.Root, "out"), recursive: true);

        var statuses = Statuses(ws, graph);

        Assert.True(statuses["first"].Restorable);
        Assert.Empty(RunForecast.RecomputingUpstream(graph, statuses)["second"]);
    }
}
