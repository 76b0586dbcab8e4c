namespace MreRepro.Training.Lora;

/// <summary>LoRA hyper-parameters (PEFT meaning): rank r, alpha (scaling = alpha / r), dropout on the adapter input, and which Linear layers to adapt.</summary>
public sealed record LoraOptions
{
    public int Rank { get; init; } = 8;

    public double Alpha { get; init; } = 16;

    public double Dropout { get; init; }

    /// <summary>Adapts Linear submodules whose full name ends with one of these (PEFT's <c>target_modules</c> suffix match).</summary>
    public IReadOnlyList<string> TargetSuffixes { get; init; } = ["q_proj", "k_proj", "v_proj", "o_proj"];

    public double Scaling => Alpha / Rank;

    internal bool IsTarget(string moduleName)
        => TargetSuffixes.Any(s => moduleName == s || moduleName.EndsWith("." + s, StringComparison.Ordinal));
}
