using MreRepro.Pipeline.Graph;
using MreRepro.Pipeline.Repro;

namespace MreRepro.Pipeline.Execution;

/// <summary>What to run: some instances of a graph, in run order, in one workspace.</summary>
public sealed record ExecutionRequest(Workspace Workspace, PipelineGraph Graph, IReadOnlyList<StageInstance> Instances, bool Force = false)
{
    /// <summary>Every instance name of the graph in run order (the order dvc.lock entries are written in).</summary>
    public IReadOnlyList<string> RunOrder { get; } = Graph.Instances.Select(i => i.Name).ToList();

    /// <summary>The names of <see cref="Instances"/>.</summary>
    public IReadOnlySet<string> Selected { get; } = Instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// What a run did: an outcome for every instance it settled (ran, skipped, restored, failed, not run), and the Slurm
/// jobs still queued or running when it returned (a submission without --wait).
/// </summary>
public sealed record ExecutionResult(IReadOnlyList<StageOutcome> Outcomes, IReadOnlyList<SubmittedJob> Queued);

/// <summary>
/// Runs stage instances as their dependencies allow: one at a time or several at once on this machine
/// (<see cref="LocalExecutor"/>), or as Slurm jobs (<see cref="SlurmExecutor"/>). In every case an instance whose
/// upstream failed does not run, instances that do not depend on it still do, and a rerun resumes: instances that
/// finished are unchanged and skipped.
/// </summary>
public interface IExecutor
{
    /// <summary>A few words for a title, e.g. "local, 2 jobs".</summary>
    string Description { get; }

    /// <summary>Runs the request, reporting every change of state on <paramref name="board"/>; cancelling stops the jobs.</summary>
    ExecutionResult Run(ExecutionRequest request, ExecutionBoard board, CancellationToken cancel);
}
