using MreRepro.Training.Loop;

namespace MreRepro.Training.Tests.Fixtures;

/// <summary>A synchronous progress sink (System.Progress posts asynchronously) that can run an action on each report.</summary>
internal sealed class RecordingProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
