using System.Diagnostics;
using System.Text.Json;
using MreRepro.Pipeline.Graph;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>The Cake tasks build.cake registers are exactly dvc.yaml's stage instances, with the same edges.</summary>
public sealed class CakeGraphTests
{
    [SkippableFact]
    public void Should_register_one_cake_task_per_dvc_yaml_instance_with_the_same_dependencies()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).");
        var output = Path.Combine(Path.GetTempPath(), $"mre-cake-graph-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet", ["cake", "build.cake", "--target=Graph", "--profile=default", $"--graph-out={output}", "--verbosity=quiet"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "cake did not finish in 5 minutes");
        Assert.True(process.ExitCode == 0, $"cake failed: {stdout.Result}\n{stderr.Result}");

        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var tasks = doc.RootElement.EnumerateArray().ToDictionary(
            t => t.GetProperty("name").GetString()!,
            t => t.GetProperty("dependencies").EnumerateArray().Select(d => d.GetString()!).ToHashSet());
        var graph = new PipelineGraph(DvcYaml.Read(Path.Combine(RepositoryRoot.Path, "dvc.yaml")));
        var instances = graph.Instances.Select(i => i.Name).ToHashSet();
        Assert.Equal(instances.Order(), tasks.Keys.Where(instances.Contains).Order());
        foreach (var instance in graph.Instances)
        {
            Assert.Equal(graph.Upstream(instance.Name).ToHashSet(), tasks[instance.Name]);
        }
        Assert.Equal(instances, tasks["Default"]);
        Assert.Equal(graph.Select("finetune", withUpstream: false).Select(i => i.Name).ToHashSet(), tasks["finetune"]);
    }
}
