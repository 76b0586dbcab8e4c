using MreRepro.Training.Loop;
using MreRepro.Training.Losses;
using MreRepro.Training.Tests.Fixtures;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Loop;

public sealed class EpochValidationTests
{
    private static readonly List<CausalLmSequence> Sequences = SyntheticData.Sequences(16);
    private static readonly List<CausalLmSequence> HeldOut = SyntheticData.Sequences(24).Skip(16).ToList();

    // 16 examples, micro-batches of 2, accumulation 2: 4 optimizer steps per epoch.
    private static TrainerOptions Options(int epochs, string? checkpointDir = null) => new()
    {
        LearningRate = 5e-3,
        WarmupSteps = 2,
        Epochs = epochs,
        BatchSize = 2,
        GradientAccumulation = 2,
        MaxGradNorm = 1.0,
        Seed = 42,
        CheckpointDir = checkpointDir,
    };

    private static TinyLm NewLm(long initSeed)
    {
        TrainingDeterminism.Seed(initSeed);
        return new TinyLm(SyntheticData.Vocab, 16, dropout: 0.2);
    }

    private static double HeldOutLoss(TinyLm model)
    {
        using var loss = SyntheticData.CausalLoss(model, HeldOut);
        return loss.item<float>();
    }

    /// <summary>Parameters at the end of each epoch (1-based), taken when the trainer announces the epoch's end.</summary>
    private static RecordingProgress SnapshotEachEpoch(TinyLm model, Dictionary<int, Dictionary<string, Tensor>> byEpoch) => new(p =>
    {
        if (p.Event == TrainingEvent.EpochEnd)
            byEpoch[p.Epoch] = SyntheticData.Snapshot(model);
    });

    [Fact]
    public void Should_end_with_the_weights_of_the_epoch_with_the_lowest_validation_loss()
    {
        // Given validation losses that are lowest after epoch 2 of 4
        var scripted = new Queue<double>([3.0, 1.0, 2.0, 4.0]);
        var byEpoch = new Dictionary<int, Dictionary<string, Tensor>>();
        using var model = NewLm(1);
        using var trainer = new Trainer(model, Options(epochs: 4));

        // When training with that validation and no early stopping
        var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b),
            progress: SnapshotEachEpoch(model, byEpoch), validation: new EpochValidation(() => scripted.Dequeue()));

        // Then every epoch ran, each is recorded, and the model holds epoch 2's weights
        Assert.Equal(2, summary.BestEpoch);
        Assert.False(summary.StoppedEarly);
        Assert.Equal(16, summary.Steps);
        Assert.Equal([1, 2, 3, 4], summary.EpochLosses!.Select(e => e.Epoch));
        Assert.Equal([3.0, 1.0, 2.0, 4.0], summary.EpochLosses!.Select(e => e.ValidationLoss!.Value));
        Assert.All(summary.EpochLosses!, e => Assert.True(e.TrainLoss > 0));
        foreach (var (name, p) in model.named_parameters())
            Assert.True(SyntheticData.BitIdentical(p, byEpoch[2][name]), $"{name} is not epoch 2's");
        Assert.Contains(model.named_parameters(), p => !SyntheticData.BitIdentical(p.parameter, byEpoch[4][p.name]));
    }

    [Fact]
    public void Should_select_by_accuracy_with_ties_going_to_the_later_epoch()
    {
        // Given dev accuracies best after epoch 2 and equalled after epoch 3, then a lower loss-like value after epoch 4
        var scripted = new Queue<double>([0.5, 0.8, 0.8, 0.2]);
        var byEpoch = new Dictionary<int, Dictionary<string, Tensor>>();
        using var model = NewLm(1);
        using var trainer = new Trainer(model, Options(epochs: 4));

        // When selecting by accuracy (KPT's val_acc >= best_val_acc)
        var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b),
            progress: SnapshotEachEpoch(model, byEpoch), validation: EpochValidation.Accuracy(() => scripted.Dequeue()));

        // Then the higher value wins, the tie moves the choice to epoch 3, and the model holds epoch 3's weights
        Assert.Equal(3, summary.BestEpoch);
        Assert.Equal([0.5, 0.8, 0.8, 0.2], summary.EpochLosses!.Select(e => e.ValidationLoss!.Value));
        foreach (var (name, p) in model.named_parameters())
            Assert.True(SyntheticData.BitIdentical(p, byEpoch[3][name]), $"{name} is not epoch 3's");
    }

    [Fact]
    public void Should_stop_once_patience_epochs_pass_without_improvement()
    {
        // Given the best validation loss after epoch 2 and patience 2 out of 6 epochs
        var scripted = new Queue<double>([3.0, 1.0, 2.0, 1.5, 0.5, 0.1]);
        using var model = NewLm(1);
        using var trainer = new Trainer(model, Options(epochs: 6));

        var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), validation: new EpochValidation(() => scripted.Dequeue(), Patience: 2));

        // Then epochs 3 and 4 did not improve, so training stopped after epoch 4 with epoch 2 chosen
        Assert.True(summary.StoppedEarly);
        Assert.Equal(2, summary.BestEpoch);
        Assert.Equal(4, summary.EpochLosses!.Count);
        Assert.Equal(16, summary.Steps);
        Assert.Equal(6, summary.Epochs);
    }

    [Fact]
    public void Should_train_the_same_weights_with_validation_as_without()
    {
        // Validation runs in eval mode without gradients and draws no random numbers, so the dropout masks of later
        // epochs, and with them every epoch's weights, are the same as without validation.
        var without = new Dictionary<int, Dictionary<string, Tensor>>();
        using (var model = NewLm(2))
        using (var trainer = new Trainer(model, Options(epochs: 3)))
            trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), progress: SnapshotEachEpoch(model, without));

        var with = new Dictionary<int, Dictionary<string, Tensor>>();
        using (var model = NewLm(2))
        using (var trainer = new Trainer(model, Options(epochs: 3)))
            trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), progress: SnapshotEachEpoch(model, with),
                validation: new EpochValidation(() => HeldOutLoss(model)));

        foreach (var epoch in new[] { 1, 2, 3 })
        {
            foreach (var (name, p) in without[epoch])
                Assert.True(SyntheticData.BitIdentical(p, with[epoch][name]), $"{name} differs after epoch {epoch}");
        }
    }

    [Fact]
    public void Should_resume_with_the_same_history_choice_and_weights()
    {
        // Given a straight run with real held-out losses
        TrainingRunSummary straight;
        Dictionary<string, Tensor> straightWeights;
        using (var model = NewLm(4))
        using (var trainer = new Trainer(model, Options(epochs: 4)))
        {
            straight = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), validation: new EpochValidation(() => HeldOutLoss(model), Patience: 3));
            straightWeights = SyntheticData.Snapshot(model);
        }

        // When the same run is interrupted in epoch 4 and resumed from its epoch-3 checkpoint
        using var dir = new TempFolder();
        using (var model = NewLm(4))
        using (var trainer = new Trainer(model, Options(epochs: 4, dir.Path)))
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new RecordingProgress(p =>
            {
                if (p.Event == TrainingEvent.Step && p.Step == 14)
                    cancel.Cancel();
            });
            Assert.Throws<OperationCanceledException>(() => trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), progress: progress,
                cancellationToken: cancel.Token, validation: new EpochValidation(() => HeldOutLoss(model), Patience: 3)));
        }

        using (var model = NewLm(9))
        using (var trainer = new Trainer(model, Options(epochs: 4, dir.Path)))
        {
            var resumed = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), validation: new EpochValidation(() => HeldOutLoss(model), Patience: 3));

            // Then the history, the chosen epoch and the final weights are the straight run's
            Assert.Equal(12, resumed.ResumedFromStep);
            Assert.Equal(straight.EpochLosses, resumed.EpochLosses);
            Assert.Equal(straight.BestEpoch, resumed.BestEpoch);
            foreach (var (name, p) in model.named_parameters())
                Assert.True(SyntheticData.BitIdentical(p, straightWeights[name]), $"{name} differs after resume");
        }
    }

    [Fact]
    public void Should_refuse_to_resume_a_checkpoint_written_without_validation()
    {
        using var dir = new TempFolder();
        using (var model = NewLm(5))
        using (var trainer = new Trainer(model, Options(epochs: 1, dir.Path)))
            trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));

        using (var model = NewLm(5))
        using (var trainer = new Trainer(model, Options(epochs: 1, dir.Path)))
        {
            var error = Assert.Throws<TrainingException>(() => trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b),
                validation: new EpochValidation(() => HeldOutLoss(model))));
            Assert.Contains("validation_patience", error.Message);
        }
    }
}
