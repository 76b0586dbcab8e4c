namespace MreRepro.Models.Checkpoints;

/// <summary>
/// One thing a checkpoint check found: a refusal (this implementation would compute something different, so the
/// folder is not loaded) or a warning. <see cref="Subject"/> names the config field or tensor.
/// </summary>
public sealed record CheckpointFinding(bool IsRefusal, string Source, string Subject, string Message)
{
    public static CheckpointFinding Refuse(string source, string subject, string message) => new(true, source, subject, message);

    public static CheckpointFinding Warn(string source, string subject, string message) => new(false, source, subject, message);

    /// <summary>One line: the file or folder, the field or tensor, what is wrong and what to do.</summary>
    public string Line => $"{Source}: {Subject}: {Message}";

    /// <summary>The exception a loader throws for the first refusal, counting the others.</summary>
    public static CheckpointException ToException(IReadOnlyList<CheckpointFinding> refusals) => new(refusals.Count == 1
        ? refusals[0].Line
        : $"{refusals[0].Line} (and {refusals.Count - 1} more refusal(s); `mre model inspect` lists them all)");
}
