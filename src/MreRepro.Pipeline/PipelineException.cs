namespace MreRepro.Pipeline;

/// <summary>A user-facing engine error (bad dvc.yaml or lock, a stage that failed, a locked workspace).</summary>
public class PipelineException(string message, Exception? inner = null) : Exception(message, inner);
