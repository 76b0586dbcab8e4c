using MreRepro.Training.Lora;
using MreRepro.Training.Loop;
using MreRepro.Training.Tests.Fixtures;
using static TorchSharp.torch;

using static MreRepro.Training.Tests.Lora.LoraFixture;

namespace MreRepro.Training.Tests.Lora;

public sealed class LoraAdaptersTests
{
    [Fact]
    public void Should_leave_outputs_unchanged_when_freshly_applied()
    {
        using var model = NewModel(1);
        using var inputs = Inputs();
        using var before = model.call(inputs);

        var lora = LoraAdapters.Apply(model, QueryValue);
        using var after = model.call(inputs);

        Assert.Equal(["block.q_proj", "block.v_proj"], lora.AdaptedModules);
        Assert.True(SyntheticData.BitIdentical(before, after), "B = 0 must make a fresh adapter a no-op");
        lora.EnsureActive();
    }

    [Fact]
    public void Should_leave_only_adapter_weights_trainable()
    {
        using var model = NewModel(1);

        var lora = LoraAdapters.Apply(model, QueryValue);

        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Equal(["block.q_proj.lora_A.weight", "block.q_proj.lora_B.weight", "block.v_proj.lora_A.weight", "block.v_proj.lora_B.weight"], trainable);
        Assert.Equal(2 * ((2 * 8) + (8 * 2)), lora.TrainableParameterCount);
    }

    [Fact]
    public void Should_train_only_the_adapters_and_merge_into_plain_linear_weights()
    {
        using var model = NewModel(2);
        var original = SyntheticData.Snapshot(model);
        var lora = LoraAdapters.Apply(model, QueryValue);
        using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 5e-2, WarmupSteps = 0, Epochs = 2, BatchSize = 4, Seed = 3 }))
            trainer.Train(SyntheticData.Sequences(8), b => SyntheticData.CausalLoss(model, b));
        model.eval();

        foreach (var (name, p) in model.named_parameters().Where(p => !p.name.Contains("lora", StringComparison.Ordinal)))
            Assert.True(SyntheticData.BitIdentical(p, original[name]), $"frozen base parameter {name} changed during LoRA training");
        Assert.True(model.named_parameters().Single(p => p.name == "block.q_proj.lora_B.weight").parameter.abs().sum().item<float>() > 0);

        using var inputs = Inputs();
        using var unmerged = model.call(inputs);
        using var baseOutput = NewModel(2).call(inputs);
        Assert.False(unmerged.allclose(baseOutput, rtol: 0, atol: 1e-4), "training should have changed the outputs");

        lora.Merge();
        using var merged = model.call(inputs);

        Assert.True(merged.allclose(unmerged, rtol: 1e-5, atol: 1e-5), $"merged outputs differ by {(merged - unmerged).abs().max().item<float>()}");
        Assert.Equal(original.Keys.Order(), model.named_parameters().Select(p => p.name).Order());
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.Equal(original[name].shape, p.shape);
            Assert.True(p.requires_grad, $"{name} should be trainable again after merge");
        }
    }

    [Fact]
    public void Should_load_a_merged_checkpoint_into_a_model_without_lora()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "merged.bin");
        using var inputs = Inputs();
        Tensor expected;
        using (var model = NewModel(4))
        {
            var lora = LoraAdapters.Apply(model, QueryValue);
            using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 5e-2, WarmupSteps = 0, Epochs = 1, BatchSize = 4, Seed = 3 }))
                trainer.Train(SyntheticData.Sequences(8), b => SyntheticData.CausalLoss(model, b));
            lora.Merge();
            model.eval();
            expected = model.call(inputs).detach();
            model.save(path);
        }

        using var plain = NewModel(5);
        plain.load(path, strict: true);
        using var actual = plain.call(inputs);

        Assert.True(SyntheticData.BitIdentical(expected, actual), "a merged checkpoint must reproduce the merged model in a plain model");
    }

    [Fact]
    public void Should_resume_lora_training_from_checkpoints_that_hold_only_the_adapters()
    {
        var options = new TrainerOptions { LearningRate = 5e-2, WarmupSteps = 1, Epochs = 2, BatchSize = 2, GradientAccumulation = 2, Seed = 3 };
        var data = SyntheticData.Sequences(8);
        Dictionary<string, Tensor> straight;
        using (var model = NewModel(2))
        {
            LoraAdapters.Apply(model, QueryValue with { Dropout = 0.1 });
            using var trainer = new Trainer(model, options);
            trainer.Train(data, b => SyntheticData.CausalLoss(model, b));
            straight = SyntheticData.Snapshot(model);
        }

        using var dir = new TempFolder();
        using (var model = NewModel(2))
        {
            LoraAdapters.Apply(model, QueryValue with { Dropout = 0.1 });
            using var trainer = new Trainer(model, options with { CheckpointDir = dir.Path, Epochs = 2 });
            using var cancel = new CancellationTokenSource();
            var progress = new RecordingProgress(p =>
            {
                if (p.Event == TrainingEvent.EpochEnd && p.Epoch == 1)
                    cancel.Cancel();
            });
            Assert.Throws<OperationCanceledException>(() => trainer.Train(data, b => SyntheticData.CausalLoss(model, b), progress: progress, cancellationToken: cancel.Token));
        }

        var checkpoint = Assert.Single(Directory.GetDirectories(dir.Path));
        using (var model = NewModel(2))
        {
            var lora = LoraAdapters.Apply(model, QueryValue with { Dropout = 0.1 });
            using var trainer = new Trainer(model, options with { CheckpointDir = dir.Path });
            var summary = trainer.Train(data, b => SyntheticData.CausalLoss(model, b));

            Assert.Equal(checkpoint, summary.ResumedFrom);
            foreach (var (name, p) in model.named_parameters())
                Assert.True(SyntheticData.BitIdentical(p, straight[name]), $"{name} differs after resuming LoRA training");
        }

        var saved = new FileInfo(Path.Combine(checkpoint, "model.bin")).Length;
        Assert.True(saved < 4 * 2 * 4 * ((2 * 8) + (8 * 2)) + 2048, $"an adapter-only checkpoint should be small, got {saved} bytes");
    }

    [Fact]
    public void Should_apply_adapter_dropout_only_in_training_mode()
    {
        using var model = NewModel(6);
        var lora = LoraAdapters.Apply(model, QueryValue with { Dropout = 0.5 });
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith("lora_B.weight", StringComparison.Ordinal)))
                p.fill_(0.3f);
        }

        using var inputs = Inputs();
        using var evalA = model.call(inputs);
        using var evalB = model.call(inputs);
        model.train();
        using var trainA = model.call(inputs);

        Assert.True(SyntheticData.BitIdentical(evalA, evalB));
        Assert.False(trainA.allclose(evalA), "dropout on the adapter input should change training-mode outputs");
        lora.EnsureActive();
    }

    [Fact]
    public void Should_report_a_model_that_bypasses_the_adapters()
    {
        TrainingDeterminism.Seed(1);
        using var model = new DirectForward();
        var lora = LoraAdapters.Apply(model, new LoraOptions { Rank = 2, TargetSuffixes = ["q_proj"] });
        using var x = ones(1, 4);
        using var y = model.call(x);

        var e = Assert.Throws<TrainingException>(lora.EnsureActive);

        Assert.Contains("q_proj", e.Message);
        Assert.Contains("call(x)", e.Message);
    }

    [Fact]
    public void Should_reject_a_target_that_is_not_linear()
    {
        using var model = NewModel(1);

        var e = Assert.Throws<TrainingException>(() => LoraAdapters.Apply(model, new LoraOptions { TargetSuffixes = ["norm"] }));

        Assert.Contains("block.norm", e.Message);
        Assert.Contains("LayerNorm", e.Message);
    }

    [Fact]
    public void Should_name_the_suffixes_when_nothing_matches()
    {
        using var model = NewModel(1);

        var e = Assert.Throws<TrainingException>(() => LoraAdapters.Apply(model, new LoraOptions { TargetSuffixes = ["k_proj"] }));

        Assert.Contains("k_proj", e.Message);
        Assert.Contains("block.q_proj", e.Message);
    }

    /// <summary>Calls its Linear through forward(), which skips hooks, as a model wrongly written would.</summary>
    private sealed class DirectForward : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear q_proj;

        public DirectForward()
            : base(nameof(DirectForward))
        {
            q_proj = nn.Linear(4, 4);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => q_proj.forward(x);
    }
}
