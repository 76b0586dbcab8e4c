using MreRepro.Stages.TrainingRuns;
using MreRepro.Training.Loop;
using Spectre.Console.Testing;

namespace MreRepro.Stages.Tests.TrainingRuns;

/// <summary>The training progress bar shows what the trainer reports (its epochs are already 1-based).</summary>
public sealed class TrainingProgressViewTests
{
    [Fact]
    public void Should_show_the_last_epoch_as_n_of_n_with_loss_and_throughput()
    {
        var console = new TestConsole().Width(200).Interactive();
        var result = TrainingProgressView.Run(console, "SCNM-tli", progress =>
        {
            progress.Report(new TrainingProgress(TrainingEvent.Step, 1, 10, 1, 20, 5.1113, 0.001, 1, 6047, null));
            progress.Report(new TrainingProgress(TrainingEvent.EpochEnd, 10, 10, 20, 20, 0.1021, 0.00013, double.NaN, 12320, null));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.Contains("SCNM-tli epoch 10/10 loss 0.1021 lr 0.00013 12320 tok/s", console.Output);
        Assert.DoesNotContain("11/10", console.Output);
        Assert.Contains("100%", console.Output);
    }
}
