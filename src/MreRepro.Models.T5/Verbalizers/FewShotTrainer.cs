using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MreRepro.Models.T5.Verbalizers;

/// <summary>One encoded prompt and its class index.</summary>
public sealed record PromptExample(int[] InputIds, int Label);

/// <summary>KPT few-shot settings (spec B7).</summary>
public sealed record FewShotOptions
{
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 30;
    public double LearningRate { get; init; } = 3e-5;
    public double WeightDecay { get; init; } = 0.01;
    public double VerbalizerLearningRate { get; init; } = 0.06;
    public double MaxGradNorm { get; init; } = 1.0;
    public int Seed { get; init; } = 144;
    public int PadId { get; init; }
}

/// <summary>Outcome of a few-shot run: per-epoch dev accuracy, the chosen epoch, and test predictions with it.</summary>
public sealed record FewShotResult(IReadOnlyList<double> DevAccuracies, int BestEpoch, double BestDevAccuracy, double TestAccuracy, int[] TestPredictions);

/// <summary>
/// KPT fewshot.py: the whole T5 and the verbalizer weights are trained with CE on class scores; AdamW lr 3e-5
/// (decay 0.01 except bias/LayerNorm names), linear decay without warmup, clip 1.0, separate AdamW for the
/// verbalizer weights; best dev accuracy (>=, later ties win) selects the weights used on test.
/// </summary>
public static class FewShotTrainer
{
    public static FewShotResult Run(PromptClassifier classifier, IReadOnlyList<PromptExample> train, IReadOnlyList<PromptExample> dev,
        IReadOnlyList<PromptExample> test, FewShotOptions options, Action<string>? log = null)
    {
        random.manual_seed(options.Seed);
        var device = classifier.parameters().First().device;
        var shuffler = new Random(options.Seed);
        var named = classifier.Model.named_parameters().ToList();
        var decay = named.Where(p => !NoDecay(p.name)).Select(p => p.parameter).ToList();
        var noDecay = named.Where(p => NoDecay(p.name)).Select(p => p.parameter).ToList();
        var plmOptimizers = new List<OptimizerHelper>
        {
            optim.AdamW(decay, options.LearningRate, weight_decay: options.WeightDecay),
        };
        if (noDecay.Count > 0)
        {
            plmOptimizers.Add(optim.AdamW(noDecay, options.LearningRate, weight_decay: 0.0));
        }
        OptimizerHelper? verbalizerOptimizer = classifier.Verbalizer is KnowledgeableVerbalizer kv
            ? optim.AdamW([kv.LabelWordsWeights], options.VerbalizerLearningRate)
            : null;
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = Math.Max(1, stepsPerEpoch * options.Epochs);
        var allParameters = classifier.parameters().ToList();
        var step = 0;
        var devAccuracies = new List<double>();
        var bestDev = double.NegativeInfinity;
        var bestEpoch = -1;
        Dictionary<string, Tensor>? best = null;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            classifier.train();
            var order = Enumerable.Range(0, train.Count).ToArray();
            shuffler.Shuffle(order);
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.Skip(start).Take(options.BatchSize).Select(i => train[i]).ToList();
                var (ids, mask) = PromptClassifier.Pad(batch.Select(e => e.InputIds).ToList(), options.PadId, device);
                var labels = tensor(batch.Select(e => (long)e.Label).ToArray(), device: device);
                var scores = classifier.Forward(ids, mask);
                var loss = nn.functional.cross_entropy(scores, labels);
                foreach (var o in plmOptimizers)
                {
                    o.zero_grad();
                }
                verbalizerOptimizer?.zero_grad();
                loss.backward();
                nn.utils.clip_grad_norm_(allParameters, options.MaxGradNorm);
                // Linear decay from the base rate to 0 over all steps, no warmup (transformers get_linear_schedule_with_warmup).
                var rate = options.LearningRate * Math.Max(0.0, (double)(totalSteps - step) / totalSteps);
                foreach (var o in plmOptimizers)
                {
                    foreach (var group in o.ParamGroups)
                    {
                        group.LearningRate = rate;
                    }
                    o.step();
                }
                verbalizerOptimizer?.step();
                step++;
            }
            var devAccuracy = Accuracy(Predict(classifier, dev, options), dev);
            devAccuracies.Add(devAccuracy);
            log?.Invoke(FormattableString.Invariant($"epoch {epoch + 1}: dev accuracy {devAccuracy:F4}"));
            if (devAccuracy >= bestDev)
            {
                bestDev = devAccuracy;
                bestEpoch = epoch;
                DisposeAll(best);
                best = classifier.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }
        }
        if (best is not null)
        {
            using var noGrad = no_grad();
            foreach (var (name, target) in classifier.state_dict())
            {
                target.copy_(best[name]);
            }
            DisposeAll(best);
        }
        var predictions = Predict(classifier, test, options);
        return new FewShotResult(devAccuracies, bestEpoch + 1, bestDev, test.Count == 0 ? double.NaN : Accuracy(predictions, test), predictions);
    }

    /// <summary>Argmax class per example, in eval mode.</summary>
    public static int[] Predict(PromptClassifier classifier, IReadOnlyList<PromptExample> examples, FewShotOptions options)
    {
        classifier.eval();
        var device = classifier.parameters().First().device;
        using var noGrad = no_grad();
        var predictions = new List<int>(examples.Count);
        for (var start = 0; start < examples.Count; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = examples.Skip(start).Take(options.BatchSize).Select(e => e.InputIds).ToList();
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

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (var t in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }
}
