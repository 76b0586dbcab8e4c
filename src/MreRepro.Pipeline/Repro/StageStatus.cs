namespace MreRepro.Pipeline.Repro;

/// <summary>Whether a stage instance must run, and why (in words a researcher reads).</summary>
public sealed record StageStatus(string Name, bool Changed, IReadOnlyList<string> Reasons, bool OutputsOnly)
{
    /// <summary>Only outputs differ from dvc.lock and the recorded ones are in the cache: restore instead of rerunning.</summary>
    public bool Restorable { get; init; }
}
