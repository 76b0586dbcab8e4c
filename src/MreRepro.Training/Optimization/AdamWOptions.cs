namespace MreRepro.Training.Optimization;

/// <summary>AdamW hyper-parameters and how trainable parameters are split into decay / no-decay / custom groups.</summary>
public sealed record AdamWOptions
{
    public double LearningRate { get; init; } = 1e-5;

    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    /// <summary>PyTorch's default 0.999 (TorchSharp's <c>torch.optim.AdamW</c> factory defaults to 0.99; ScheduledAdamW is our own and uses this).</summary>
    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Names that get no weight decay; default <see cref="WeightDecayExclusion.BiasAndNorm"/>.</summary>
    public Func<string, bool> NoDecay { get; init; } = WeightDecayExclusion.BiasAndNorm;

    /// <summary>Groups that claim matching parameters before the decay / no-decay split.</summary>
    public IReadOnlyList<ParameterGroupRule> ExtraGroups { get; init; } = [];
}
