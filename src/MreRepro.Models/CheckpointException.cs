namespace MreRepro.Models;

/// <summary>A user-facing model error: a bad checkpoint, config or tokenizer file, named with what was expected.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
