using MreRepro.Training.Checkpoints;
using MreRepro.Training.Loop;
using MreRepro.Training.Tests.Fixtures;

namespace MreRepro.Training.Tests.Checkpoints;

public sealed class CheckpointStoreTests
{
    [Fact]
    public void Should_ignore_and_clean_up_a_half_written_checkpoint()
    {
        using var dir = new TempFolder();
        using (var model = new TinyRegressor(3, 4))
        using (var trainer = new Trainer(model, new TrainerOptions { Epochs = 1, BatchSize = 4, CheckpointDir = dir.Path }))
            trainer.Train(SyntheticData.Regression(8, 3), b => SyntheticData.MseLoss(model, b));
        var complete = Path.Combine(dir.Path, "checkpoint-00000002");
        var interrupted = Directory.CreateDirectory(Path.Combine(dir.Path, ".checkpoint-00000009.tmp-4242")).FullName;
        File.WriteAllText(Path.Combine(interrupted, "model.bin"), "partial");
        Directory.CreateDirectory(Path.Combine(dir.Path, "checkpoint-00000007"));
        var store = new CheckpointStore(dir.Path);

        var latest = store.FindLatest();
        store.RemoveIncomplete();

        Assert.Equal(complete, latest);
        Assert.False(Directory.Exists(interrupted), "a temporary checkpoint folder should be removed before training continues");
        Assert.Equal(2, CheckpointStore.ReadState(complete).GlobalStep);
    }

    [Fact]
    public void Should_name_the_file_when_the_state_is_not_json()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "trainer_state.json"), "{ not json");

        var e = Assert.Throws<TrainingException>(() => CheckpointStore.ReadState(dir.Path));

        Assert.Contains("trainer_state.json", e.Message);
        Assert.Contains("line", e.Message);
    }
}
