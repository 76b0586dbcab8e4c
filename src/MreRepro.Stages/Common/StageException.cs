namespace MreRepro.Stages.Common;

/// <summary>A user-facing stage error: the CLI prints its message (naming the file and line) without a stack trace.</summary>
public sealed class StageException(string message, Exception? inner = null) : Exception(message, inner);
