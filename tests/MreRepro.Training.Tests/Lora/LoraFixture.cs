using MreRepro.Training.Lora;
using MreRepro.Training.Loop;
using MreRepro.Training.Tests.Fixtures;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Lora;

/// <summary>The LoRA tests' model (a seeded TinyLm in eval mode), adapter options and inputs.</summary>
internal static class LoraFixture
{
    public static readonly LoraOptions QueryValue = new() { Rank = 2, Alpha = 4, TargetSuffixes = ["q_proj", "v_proj"] };

    public static TinyLm NewModel(long seed)
    {
        TrainingDeterminism.Seed(seed);
        var model = new TinyLm(SyntheticData.Vocab, 8, dropout: 0.0);
        model.eval();
        return model;
    }

    public static Tensor Inputs() => tensor(new long[] { 1, 3, 5, 7, 2, 4, 6, 8 }, [2, 4]);

    /// <summary>A model whose q/v adapters were trained two epochs (non-zero B), back in eval mode.</summary>
    public static (TinyLm Model, LoraAdapters Lora) Trained()
    {
        var model = NewModel(2);
        var lora = LoraAdapters.Apply(model, QueryValue);
        using (var trainer = new Trainer(model, new TrainerOptions { LearningRate = 5e-2, WarmupSteps = 0, Epochs = 2, BatchSize = 4, Seed = 3 }))
            trainer.Train(SyntheticData.Sequences(8), b => SyntheticData.CausalLoss(model, b));
        model.eval();
        return (model, lora);
    }
}
