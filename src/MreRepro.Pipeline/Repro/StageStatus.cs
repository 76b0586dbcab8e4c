namespace MreRepro.Pipeline.Repro;

/// <summary>Whether a stage instance must run, and why (in words a researcher reads).</summary>
public sealed record StageStatus(string Name, bool Changed, IReadOnlyList<string> Reasons, bool OutputsOnly)
{
    /// <summary>Only outputs differ from dvc.lock and each can be restored from the cache (or, still matching, re-cached): no rerun needed.</summary>
    public bool Restorable { get; init; }
}
