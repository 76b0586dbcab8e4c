using MreRepro.Training.Schedules;
using TorchSharp.Modules;

namespace MreRepro.Training.Optimization;

/// <summary>A TorchSharp AdamW together with the plan of its parameter groups, so a schedule can set each group's lr per step.</summary>
public sealed class ScheduledAdamW : IDisposable
{
    internal ScheduledAdamW(AdamW optimizer, IReadOnlyList<ParameterGroupInfo> groups, IReadOnlyList<Parameter> parameters)
    {
        Optimizer = optimizer;
        Groups = groups;
        Parameters = parameters;
    }

    /// <summary>The underlying optimizer (state_dict / save_state_dict live here).</summary>
    public AdamW Optimizer { get; }

    /// <summary>Groups in the optimizer's order.</summary>
    public IReadOnlyList<ParameterGroupInfo> Groups { get; }

    /// <summary>All optimized (trainable) parameters, in group order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Sets every group's lr for optimizer step <paramref name="step"/>; returns the lr of the first scheduled group.</summary>
    public double ApplySchedule(LearningRateSchedule schedule, long step)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var multiplier = schedule.Multiplier(step);
        double? reported = null;
        var i = 0;
        foreach (var group in Optimizer.ParamGroups)
        {
            var info = Groups[i++];
            group.LearningRate = info.FollowsSchedule ? info.BaseLearningRate * multiplier : info.BaseLearningRate;
            if (info.FollowsSchedule)
                reported ??= group.LearningRate;
        }

        return reported ?? schedule.PeakLearningRate * multiplier;
    }

    public void Dispose() => Optimizer.Dispose();
}
