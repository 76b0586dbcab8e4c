namespace MreRepro.Training.Optimization;

/// <summary>Predicates on parameter names selecting the parameters that get no weight decay.</summary>
public static class WeightDecayExclusion
{
    /// <summary>Default: names containing "bias" or "norm" in any case (LLaMA <c>input_layernorm</c>, T5 <c>layer_norm</c>, HF <c>LayerNorm</c>).</summary>
    public static readonly Func<string, bool> BiasAndNorm =
        name => name.Contains("bias", StringComparison.OrdinalIgnoreCase) || name.Contains("norm", StringComparison.OrdinalIgnoreCase);

    /// <summary>KPT's exact rule (methods B7): case-sensitive "bias" or "LayerNorm", so T5's <c>layer_norm</c> does get decay.</summary>
    public static readonly Func<string, bool> BiasAndLayerNorm =
        name => name.Contains("bias", StringComparison.Ordinal) || name.Contains("LayerNorm", StringComparison.Ordinal);

    /// <summary>Every parameter gets weight decay.</summary>
    public static readonly Func<string, bool> None = _ => false;
}
