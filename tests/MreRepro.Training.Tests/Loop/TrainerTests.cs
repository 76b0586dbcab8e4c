using MreRepro.Training.Loop;
using MreRepro.Training.Losses;
using MreRepro.Training.Tests.Fixtures;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Loop;

public sealed class TrainerTests
{
    private static readonly List<CausalLmSequence> Sequences = SyntheticData.Sequences(16);

    private static TrainerOptions LmOptions(string? checkpointDir) => new()
    {
        LearningRate = 5e-3,
        WarmupSteps = 2,
        Epochs = 2,
        BatchSize = 2,
        GradientAccumulation = 2,
        WeightDecay = 0.01,
        MaxGradNorm = 1.0,
        Seed = 42,
        CheckpointDir = checkpointDir,
    };

    private static long Tokens(IReadOnlyList<CausalLmSequence> batch) => batch.Sum(s => (long)s.Ids.Count);

    private static TinyLm NewLm(long initSeed)
    {
        TrainingDeterminism.Seed(initSeed);
        return new TinyLm(SyntheticData.Vocab, 16, dropout: 0.2);
    }

    [Fact]
    public void Should_end_with_identical_parameters_when_resumed_after_an_interruption()
    {
        Dictionary<string, Tensor> straight;
        using (var model = NewLm(1))
        using (var trainer = new Trainer(model, LmOptions(null)))
        {
            var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));
            Assert.Equal(8, summary.Steps);
            straight = SyntheticData.Snapshot(model);
        }

        using var dir = new TempFolder();
        using (var model = NewLm(1))
        using (var trainer = new Trainer(model, LmOptions(dir.Path)))
        using (var cancel = new CancellationTokenSource())
        {
            // Stop in the middle of epoch 2: steps 5 and 6 are lost and must be redone from the epoch-1 checkpoint.
            var progress = new RecordingProgress(p =>
            {
                if (p.Event == TrainingEvent.Step && p.Step == 6)
                    cancel.Cancel();
            });
            Assert.Throws<OperationCanceledException>(() => trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), progress: progress, cancellationToken: cancel.Token));
        }

        // A different init and a scrambled RNG prove that model, optimizer and RNG all come from the checkpoint.
        random.manual_seed(999);
        using (var model = NewLm(7))
        using (var trainer = new Trainer(model, LmOptions(dir.Path)))
        {
            var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));

            Assert.Equal(4, summary.ResumedFromStep);
            Assert.Equal(4, summary.StepsThisRun);
            Assert.Equal(8, summary.Steps);
            foreach (var (name, p) in model.named_parameters())
                Assert.True(SyntheticData.BitIdentical(p, straight[name]), $"{name} differs after resume (max abs diff {(p - straight[name]).abs().max().item<float>()})");
        }
    }

    [Fact]
    public void Should_resume_mid_epoch_from_a_step_checkpoint()
    {
        var options = LmOptions(null) with { SaveEverySteps = 3, SaveEveryEpoch = false };
        Dictionary<string, Tensor> straight;
        TrainingRunSummary straightSummary;
        using (var model = NewLm(3))
        using (var trainer = new Trainer(model, options))
        {
            straightSummary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), Tokens);
            straight = SyntheticData.Snapshot(model);
        }

        using var dir = new TempFolder();
        using (var model = NewLm(3))
        using (var trainer = new Trainer(model, options with { CheckpointDir = dir.Path }))
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new RecordingProgress(p =>
            {
                // Stop in the last epoch, after the step-6 checkpoint: the epoch's mean loss must survive the resume.
                if (p.Event == TrainingEvent.Step && p.Step == 7)
                    cancel.Cancel();
            });
            Assert.Throws<OperationCanceledException>(() => trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), Tokens, progress, cancel.Token));
        }

        using (var model = NewLm(8))
        using (var trainer = new Trainer(model, options with { CheckpointDir = dir.Path }))
        {
            var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), Tokens);

            Assert.Equal(6, summary.ResumedFromStep);
            // What stages write (tokens, final and last-epoch mean loss) is the same as without the interruption.
            Assert.Equal(straightSummary.Tokens, summary.Tokens);
            Assert.True(summary.TokensThisRun < summary.Tokens);
            Assert.Equal(straightSummary.FinalLoss, summary.FinalLoss);
            Assert.NotNull(summary.LastEpochMeanLoss);
            Assert.Equal(straightSummary.LastEpochMeanLoss, summary.LastEpochMeanLoss);
            foreach (var (name, p) in model.named_parameters())
                Assert.True(SyntheticData.BitIdentical(p, straight[name]), $"{name} differs after a mid-epoch resume");
        }
    }

    [Fact]
    public void Should_match_a_large_batch_when_accumulating_micro_batches()
    {
        var data = SyntheticData.Regression(16, 3);
        Dictionary<string, Tensor> Run(int batch, int accumulation)
        {
            TrainingDeterminism.Seed(5);
            using var model = new TinyRegressor(3, 8);
            var options = new TrainerOptions { LearningRate = 1e-2, WarmupSteps = 1, Epochs = 2, BatchSize = batch, GradientAccumulation = accumulation, WeightDecay = 0.01, MaxGradNorm = 0.5, Seed = 11 };
            using var trainer = new Trainer(model, options);
            var summary = trainer.Train(data, b => SyntheticData.MseLoss(model, b));
            Assert.Equal(8, summary.Steps);
            return SyntheticData.Snapshot(model);
        }

        var large = Run(4, 1);
        var accumulated = Run(2, 2);
        var single = Run(1, 4);

        foreach (var (name, expected) in large)
        {
            Assert.True(accumulated[name].allclose(expected, rtol: 1e-5, atol: 1e-6), $"{name}: batch 2 x accumulation 2 differs from batch 4");
            Assert.True(single[name].allclose(expected, rtol: 1e-5, atol: 1e-6), $"{name}: batch 1 x accumulation 4 differs from batch 4");
        }
    }

    [Fact]
    public void Should_match_the_token_mean_of_the_whole_step_when_weighting_by_answer_tokens()
    {
        // Uneven answer lengths make the mean of micro-batch token means differ from the step's token mean.
        var data = SyntheticData.Sequences(8).Select((s, i) => s with { AnswerStart = s.Ids.Count - 1 - (i % 3) }).ToList();
        static double AnswerTokens(IReadOnlyList<CausalLmSequence> b) => b.Sum(s => s.Ids.Count - s.AnswerStart);
        Dictionary<string, Tensor> Run(int batch, int accumulation, bool weighted)
        {
            TrainingDeterminism.Seed(9);
            using var model = new TinyLm(SyntheticData.Vocab, 8, dropout: 0.0);
            var options = new TrainerOptions { LearningRate = 1e-2, WarmupSteps = 0, Epochs = 1, BatchSize = batch, GradientAccumulation = accumulation, Seed = 2 };
            using var trainer = new Trainer(model, options);
            trainer.Train(data, b => SyntheticData.CausalLoss(model, b), lossWeight: weighted ? AnswerTokens : null);
            return SyntheticData.Snapshot(model);
        }

        var large = Run(4, 1, weighted: false);
        var tokenWeighted = Run(1, 4, weighted: true);
        var exampleWeighted = Run(1, 4, weighted: false);

        Assert.All(large, kv => Assert.True(tokenWeighted[kv.Key].allclose(kv.Value, rtol: 1e-5, atol: 1e-6), $"{kv.Key}: token-weighted accumulation differs from the large batch"));
        Assert.Contains(large, kv => !exampleWeighted[kv.Key].allclose(kv.Value, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Should_report_every_step_with_the_scheduled_learning_rate_and_reduce_the_loss()
    {
        using var model = NewLm(4);
        var options = LmOptions(null) with { Epochs = 3, WarmupSteps = 3, MaxGradNorm = 0, LearningRate = 1e-2 };
        using var trainer = new Trainer(model, options);
        var progress = new RecordingProgress();

        var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), b => b.Sum(s => (long)s.Ids.Count), progress);

        var steps = progress.Reports.Where(r => r.Event == TrainingEvent.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(12, s.TotalSteps));
        var schedule = new MreRepro.Training.Schedules.LearningRateSchedule(1e-2, 3, 12, MreRepro.Training.Schedules.ScheduleKind.Linear);
        Assert.Equal(steps.Select(s => schedule.LearningRate(s.Step - 1)), steps.Select(s => s.LearningRate));
        Assert.Equal([1, 2, 3], progress.Reports.Where(r => r.Event == TrainingEvent.EpochEnd).Select(r => r.Epoch));
        Assert.True(steps[^1].Loss < steps[1].Loss, $"loss should fall: step 2 {steps[1].Loss}, step 12 {steps[^1].Loss}");
        Assert.Equal(Sequences.Sum(s => s.Ids.Count) * 3, summary.TokensThisRun);
        Assert.True(summary.TokensPerSecond > 0);
        Assert.Null(summary.ResumedFrom);
    }

    [Fact]
    public void Should_write_complete_checkpoints_and_keep_only_the_newest()
    {
        using var dir = new TempFolder();
        using var model = NewLm(5);
        using var trainer = new Trainer(model, LmOptions(dir.Path) with { Epochs = 3, KeepCheckpoints = 2 });

        var summary = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));

        var names = Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["checkpoint-00000008", "checkpoint-00000012"], names);
        Assert.Equal(Path.Combine(dir.Path, "checkpoint-00000012"), summary.LastCheckpoint);
        foreach (var file in new[] { "model.bin", "optimizer.bin", "rng.bin", "trainer_state.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, "checkpoint-00000012", file)), $"{file} missing from the checkpoint");
    }

    [Fact]
    public void Should_do_nothing_more_when_the_last_checkpoint_is_final()
    {
        using var dir = new TempFolder();
        TrainingRunSummary first;
        using (var model = NewLm(6))
        using (var trainer = new Trainer(model, LmOptions(dir.Path)))
            first = trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b), Tokens);

        using (var model = NewLm(6))
        using (var trainer = new Trainer(model, LmOptions(dir.Path)))
        {
            var calls = 0;
            var summary = trainer.Train(Sequences, b => { calls++; return SyntheticData.CausalLoss(model, b); }, Tokens);

            Assert.Equal(0, calls);
            Assert.Equal(0, summary.StepsThisRun);
            Assert.Equal(8, summary.ResumedFromStep);
            // Killed after the final checkpoint but before the stage wrote its outputs: the rerun reports the same run.
            Assert.Equal(first.Tokens, summary.Tokens);
            Assert.Equal(first.FinalLoss, summary.FinalLoss);
            Assert.NotNull(first.LastEpochMeanLoss);
            Assert.Equal(first.LastEpochMeanLoss, summary.LastEpochMeanLoss);
        }
    }

    [Fact]
    public void Should_refuse_to_resume_when_the_batch_settings_changed()
    {
        using var dir = new TempFolder();
        using (var model = NewLm(6))
        using (var trainer = new Trainer(model, LmOptions(dir.Path) with { Epochs = 1 }))
            trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));

        using (var model = NewLm(6))
        using (var trainer = new Trainer(model, LmOptions(dir.Path) with { Epochs = 1, BatchSize = 4, GradientAccumulation = 1 }))
        {
            var e = Assert.Throws<TrainingException>(() => trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b)));

            Assert.Contains("batch_size: checkpoint 2, now 4", e.Message);
        }
    }

    [Fact]
    public void Should_refuse_a_checkpoint_written_for_a_different_model()
    {
        using var dir = new TempFolder();
        using (var model = NewLm(6))
        using (var trainer = new Trainer(model, LmOptions(dir.Path) with { Epochs = 1 }))
            trainer.Train(Sequences, b => SyntheticData.CausalLoss(model, b));

        TrainingDeterminism.Seed(6);
        using var wider = new TinyLm(SyntheticData.Vocab, 24, dropout: 0.2);
        using var other = new Trainer(wider, LmOptions(dir.Path) with { Epochs = 1 });

        var e = Assert.Throws<TrainingException>(() => other.Train(Sequences, b => SyntheticData.CausalLoss(wider, b)));

        Assert.Contains("model.bin does not fit the model being trained", e.Message);
    }

    [Fact]
    public void Should_write_the_summary_with_snake_case_json_names()
    {
        var summary = new TrainingRunSummary(8, 8, 4, 2, 0.5, 0.6, 100, 180, 50.0, 2.0, "ckpt", 4, "last");

        var json = System.Text.Json.JsonSerializer.Serialize(summary);

        Assert.Contains("\"steps_this_run\":4", json);
        Assert.Contains("\"resumed_from_step\":4", json);
        Assert.Contains("\"tokens_per_second\":50", json);
        Assert.Contains("\"tokens\":180", json);
    }

    [Fact]
    public void Should_reject_a_loss_that_is_not_a_scalar()
    {
        using var model = NewLm(6);
        using var trainer = new Trainer(model, LmOptions(null));

        var e = Assert.Throws<TrainingException>(() => trainer.Train(Sequences, b => model.call(CausalLmBatch.Build(b, 0).InputIds)));

        Assert.Contains("scalar", e.Message);
    }

    [Fact]
    public void Should_count_steps_with_a_short_last_step_per_epoch()
    {
        Assert.Equal(3, Trainer.StepsPerEpoch(10, 2, 2));
        Assert.Equal(1, Trainer.StepsPerEpoch(3, 4, 8));
        Assert.Equal(4, Trainer.StepsPerEpoch(16, 4, 1));
    }
}
