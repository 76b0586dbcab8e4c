using MreRepro.Training.Loop;
using MreRepro.Training.Optimization;
using MreRepro.Training.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>One encoded prompt and its class index.</summary>
public sealed record PromptExample(int[] InputIds, int Label);

/// <summary>KPT few-shot settings (spec B7): the shared loop's options, the label-word weights' rate and the pad id.</summary>
public sealed record FewShotOptions
{
    /// <summary>
    /// The T5's training: KPT's fewshot.py trains with lr 3e-5, decay 0.01, a linear schedule without warmup, clip 1.0, 5 epochs
    /// of batches of 30 and seed 144, and uses transformers.AdamW, whose epsilon is 1e-6. Its NoDecay and ExtraGroups are set by
    /// the run (KPT's bias/LayerNorm rule, the verbalizer group).
    /// </summary>
    public TrainerOptions Training { get; init; } = new()
    {
        LearningRate = 3e-5, WarmupSteps = 0, Epochs = 5, BatchSize = 30, WeightDecay = 0.01, MaxGradNorm = 1.0, Epsilon = 1e-6,
        Schedule = ScheduleKind.Linear, Seed = 144,
    };

    /// <summary>Learning rate of the knowledgeable verbalizer's label-word weights (KPT's kptw_lr), constant.</summary>
    public double VerbalizerLearningRate { get; init; } = 0.06;

    public int PadId { get; init; }
}

/// <summary>Outcome of a few-shot run: per-epoch dev accuracy, the chosen epoch, and test predictions with it.</summary>
public sealed record FewShotResult(IReadOnlyList<double> DevAccuracies, int BestEpoch, double BestDevAccuracy, double TestAccuracy, int[] TestPredictions);

/// <summary>
/// KPT fewshot.py on the shared <see cref="Trainer"/>: the whole T5 and the verbalizer weights are trained with CE on class
/// scores; AdamW lr 3e-5 (decay 0.01 except bias/LayerNorm names), linear decay without warmup, clip 1.0 over all
/// parameters, the verbalizer weights in their own group at a constant rate (KPT's separate optimizer without a
/// scheduler); the best dev accuracy (&gt;=, later ties win) selects the weights used on test.
/// </summary>
public static class FewShotTrainer
{
    /// <summary>The classifier's parameter names that belong to the verbalizer (registered as "verbalizer").</summary>
    private const string VerbalizerPrefix = "verbalizer.";

    public static FewShotResult Run(PromptClassifier classifier, IReadOnlyList<PromptExample> train, IReadOnlyList<PromptExample> dev,
        IReadOnlyList<PromptExample> test, FewShotOptions options, Action<string>? log = null)
    {
        var device = classifier.parameters().First().device;
        // KPT's optimizers as groups of one: the T5 (decay / no_decay) on the schedule, the verbalizer at its own constant rate.
        using var trainer = new Trainer(classifier, options.Training with
        {
            NoDecay = NoDecay,
            ExtraGroups = [new ParameterGroupRule("verbalizer", n => n.StartsWith(VerbalizerPrefix, StringComparison.Ordinal), options.VerbalizerLearningRate, 0.0, FollowsSchedule: false)],
            CheckpointDir = null,
        });
        var devAccuracies = new List<double>();
        var selection = EpochValidation.Accuracy(() =>
        {
            var accuracy = Accuracy(Predict(classifier, dev, options), dev);
            devAccuracies.Add(accuracy);
            log?.Invoke(FormattableString.Invariant($"epoch {devAccuracies.Count}: dev accuracy {accuracy:F4}"));
            return accuracy;
        });
        var summary = trainer.Train(train, batch =>
        {
            var (ids, mask) = PromptClassifier.Pad(batch.Select(e => e.InputIds).ToList(), options.PadId, device);
            var labels = tensor(batch.Select(e => (long)e.Label).ToArray(), device: device);
            return nn.functional.cross_entropy(classifier.Forward(ids, mask), labels);
        }, validation: selection);
        var bestEpoch = summary.BestEpoch ?? options.Training.Epochs;
        var predictions = Predict(classifier, test, options);
        return new FewShotResult(devAccuracies, bestEpoch, devAccuracies[bestEpoch - 1], test.Count == 0 ? double.NaN : Accuracy(predictions, test), predictions);
    }

    /// <summary>Argmax class per example, in eval mode.</summary>
    public static int[] Predict(PromptClassifier classifier, IReadOnlyList<PromptExample> examples, FewShotOptions options)
    {
        classifier.eval();
        var device = classifier.parameters().First().device;
        using var noGrad = no_grad();
        var predictions = new List<int>(examples.Count);
        for (var start = 0; start < examples.Count; start += options.Training.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = examples.Skip(start).Take(options.Training.BatchSize).Select(e => e.InputIds).ToList();
            var (ids, mask) = PromptClassifier.Pad(batch, options.PadId, device);
            var argmax = classifier.Forward(ids, mask).argmax(-1).cpu().data<long>().ToArray();
            predictions.AddRange(argmax.Select(v => (int)v));
        }
        return predictions.ToArray();
    }

    // KPT's no_decay list is ['bias', 'LayerNorm.weight']; T5 norms are named layer_norm and so still decay.
    private static bool NoDecay(string name) => name.Contains("bias", StringComparison.Ordinal) || name.Contains("LayerNorm", StringComparison.Ordinal);

    private static double Accuracy(int[] predictions, IReadOnlyList<PromptExample> examples) =>
        examples.Count == 0 ? 0.0 : (double)predictions.Where((p, i) => p == examples[i].Label).Count() / examples.Count;
}
