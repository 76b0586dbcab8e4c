namespace MreRepro.Stages.Parameters;

/// <summary>A bad params.yaml: the message names the file, line and column, the key and what is allowed.</summary>
public sealed class ParametersException(string message, Exception? inner = null) : Exception(message, inner);
