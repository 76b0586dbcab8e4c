namespace MreRepro.Training.Schedules;

/// <summary>
/// Warmup-then-decay learning rate as a pure function of the optimizer step, with Hugging Face semantics.
/// For step s (0-based index of the optimizer update), warmup W and total T:
/// <list type="bullet">
/// <item>s &lt; W: multiplier = s / max(1, W) (so the very first update of a warmed-up run uses lr 0, as in HF);</item>
/// <item>Linear, s &gt;= W: multiplier = max(0, (T - s) / max(1, T - W));</item>
/// <item>Constant, s &gt;= W: multiplier = 1.</item>
/// </list>
/// lr(s) = peak * multiplier(s). With W &gt;= T a linear schedule never leaves warmup.
/// </summary>
public sealed class LearningRateSchedule
{
    public LearningRateSchedule(double peakLearningRate, long warmupSteps, long totalSteps, ScheduleKind kind)
    {
        if (peakLearningRate < 0 || double.IsNaN(peakLearningRate))
            throw new TrainingException($"Learning rate must be >= 0, got {peakLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        if (warmupSteps < 0)
            throw new TrainingException($"Warmup steps must be >= 0, got {warmupSteps}.");
        if (totalSteps < 0)
            throw new TrainingException($"Total steps must be >= 0, got {totalSteps}.");
        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        Kind = kind;
    }

    public double PeakLearningRate { get; }

    public long WarmupSteps { get; }

    public long TotalSteps { get; }

    public ScheduleKind Kind { get; }

    /// <summary>The factor applied to each parameter group's base learning rate at optimizer step <paramref name="step"/>.</summary>
    public double Multiplier(long step)
    {
        if (step < 0)
            throw new TrainingException($"Schedule step must be >= 0, got {step}.");
        if (step < WarmupSteps)
            return (double)step / Math.Max(1L, WarmupSteps);
        if (Kind == ScheduleKind.Constant)
            return 1.0;
        return Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1L, TotalSteps - WarmupSteps));
    }

    /// <summary>The learning rate of a group whose base rate is the peak, at optimizer step <paramref name="step"/>.</summary>
    public double LearningRate(long step) => PeakLearningRate * Multiplier(step);
}
