using MreRepro.Stages.Common;

namespace MreRepro.Stages.Tests.Common;

/// <summary>Training checkpoints are keyed on the instance's inputs, so a changed run never resumes a stale one.</summary>
public sealed class StagePathsTests
{
    [Fact]
    public void Should_drop_checkpoints_kept_for_other_inputs_and_keep_those_of_the_same_inputs()
    {
        var root = Directory.CreateTempSubdirectory("mre-paths-").FullName;
        var before = new StagePaths(root, "default", new string('a', 32)).TrainingCheckpoints("finetune", "SCNM-tli/seed-42");
        Assert.EndsWith(Path.Combine("finetune", "SCNM-tli", "seed-42", "inputs-aaaaaaaaaaaa"), before);
        Directory.CreateDirectory(Path.Combine(before, "step-00000040"));

        // Same inputs (the run was interrupted and is started again): the checkpoint is still there to resume.
        Assert.Equal(before, new StagePaths(root, "default", new string('a', 32)).TrainingCheckpoints("finetune", "SCNM-tli/seed-42"));
        Assert.True(Directory.Exists(Path.Combine(before, "step-00000040")));

        // Changed inputs (code, data or parameters): a fresh folder, and the stale checkpoint is gone.
        var after = new StagePaths(root, "default", new string('b', 32)).TrainingCheckpoints("finetune", "SCNM-tli/seed-42");
        Assert.NotEqual(before, after);
        Assert.False(Directory.Exists(before));
        Assert.EndsWith("inputs-direct", new StagePaths(root, "default").TrainingCheckpoints("finetune", "SCNM-tli/seed-42"));
    }
}
