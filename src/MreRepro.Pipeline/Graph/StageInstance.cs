namespace MreRepro.Pipeline.Graph;

/// <summary>One concrete stage after foreach/matrix expansion, e.g. finetune@SCNM-tli.</summary>
public sealed record StageInstance(
    string Name,
    string Template,
    string Cmd,
    IReadOnlyList<string> Deps,
    IReadOnlyList<string> Params,
    IReadOnlyList<OutputSpec> Outs,
    string? Desc,
    IReadOnlyDictionary<string, string> Variables);
