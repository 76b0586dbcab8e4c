namespace MreRepro.Pipeline.Repro;

/// <summary>What happened to a stage instance.</summary>
public enum OutcomeKind
{
    Ran,
    Skipped,
    Restored,
    Failed,
    /// <summary>Not started: an upstream instance failed (or the run was cancelled first).</summary>
    NotRun,
}

/// <summary>The result of running one instance: outcome, seconds, and the reasons it ran or why it failed.</summary>
public sealed record StageOutcome(string Name, OutcomeKind Kind, double Seconds, IReadOnlyList<string> Reasons);
