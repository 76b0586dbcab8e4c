using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;

namespace MreRepro.Stages.Engine;

/// <summary>One stage instance of a profile's plan, with its change status.</summary>
public sealed record PlannedInstance(string Name, string Stage, string Dataset, string Description,
    IReadOnlyList<string> Upstream, bool Changed, IReadOnlyList<string> Reasons);

/// <summary>The engine as the stages use it: a profile's graph, workspace (lock file), status and runs.</summary>
public sealed class ProfilePipeline
{
    private ProfilePipeline(StageContext context, PipelineGraph graph, Workspace workspace)
    {
        Context = context;
        Graph = graph;
        Workspace = workspace;
    }

    public StageContext Context { get; }
    public PipelineGraph Graph { get; }
    public Workspace Workspace { get; }

    /// <summary>dvc.lock for the default profile (what DVC reads); stages/&lt;profile&gt;/dvc.lock for the others.</summary>
    public static string LockFileFor(string profile) => profile == "default" ? "dvc.lock" : $"stages/{profile}/dvc.lock";

    /// <summary>The profile's graph and workspace; the lock records the parameters of the file the context read.</summary>
    public static ProfilePipeline Load(StageContext context)
    {
        var graph = new PipelineGraph(PipelineDefinition.Templates(context));
        var lockFile = LockFileFor(context.Profile);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(context.Root, lockFile))!);
        return new ProfilePipeline(context, graph, new Workspace(context.Root, lockFile, context.ParamsFile));
    }

    /// <summary>Instances with status; --dataset keeps that dataset's instances and the shared upstream ones (not the report).</summary>
    public IReadOnlyList<PlannedInstance> Status(string? dataset = null, bool force = false)
    {
        var runner = new StageRunner(Workspace);
        var chosen = Graph.Instances.Where(i => dataset is null
            || PipelineDefinition.DatasetOf(i) == dataset
            || (PipelineDefinition.DatasetOf(i) is null && i.Template != "report")).ToList();
        if (dataset is not null && !Graph.Instances.Any(i => PipelineDefinition.DatasetOf(i) == dataset))
        {
            throw new StageException($"profile '{Context.Profile}' has no dataset '{dataset}' (datasets: {string.Join(", ", Context.Parameters.Datasets.Keys)}).");
        }
        var names = chosen.Select(i => i.Name).ToHashSet();
        var lockFile = Workspace.LoadLock();
        var statuses = chosen.ToDictionary(i => i.Name, i => runner.Status(i, lockFile));
        var recomputing = RunForecast.RecomputingUpstream(Graph, statuses);
        var result = chosen.Select(i =>
        {
            var status = statuses[i.Name];
            var upstream = Graph.Upstream(i.Name).Where(names.Contains).ToList();
            var reasons = force ? ["forced"] : status.Changed ? status.Reasons : ["unchanged"];
            // An instance whose upstream recomputes its outputs runs after it, unless those outputs come out the same.
            var rerunning = recomputing[i.Name];
            if (!force && !status.Changed && rerunning.Count > 0)
            {
                var named = string.Join(", ", rerunning.Take(3)) + (rerunning.Count > 3 ? $" and {rerunning.Count - 3} more" : "");
                reasons = [$"may run: upstream {named} will run and may change its outputs"];
            }
            return new PlannedInstance(i.Name, i.Template, PipelineDefinition.DatasetOf(i) ?? "", i.Desc ?? "",
                upstream, force || status.Changed || rerunning.Count > 0, reasons);
        }).ToList();
        Workspace.State.Save();
        return result;
    }

}
