using System.Diagnostics;
using MreRepro.Models.Llama;
using MreRepro.Models.Saliency;
using static TorchSharp.torch;

namespace MreRepro.Models.Bench;

/// <summary>Saliency cost against a training step of the same model, and whether memory grows with the sample count.</summary>
public sealed record SaliencyFigures(double SamplesPerSecond, double TrainStepsPerSecond, long WorkingSetAfterFirstHalf, long WorkingSetAfterAll);

/// <summary>Times <see cref="AttentionSaliency"/> on random prompts and one-sequence training steps of the same length.</summary>
public static class SaliencyBenchmark
{
    public static SaliencyFigures Measure(LlamaConfig config, int length, int samples, int threads)
    {
        set_num_threads(threads);
        manual_seed(0);
        using var model = new LlamaForCausalLM(config);
        var rng = new Random(0);
        long[] Prompt() => Enumerable.Range(0, length).Select(_ => (long)rng.Next(config.VocabSize)).ToArray();
        AttentionSaliency.Compute(model, Prompt(), length - 1, 5);
        var clock = Stopwatch.StartNew();
        long half = 0;
        for (var i = 0; i < samples; i++)
        {
            AttentionSaliency.Compute(model, Prompt(), length - 1, rng.Next(config.VocabSize));
            if (i == samples / 2)
            {
                GC.Collect();
                half = Environment.WorkingSet;
            }
        }
        var saliency = samples / clock.Elapsed.TotalSeconds;
        GC.Collect();
        var all = Environment.WorkingSet;
        model.train();
        clock.Restart();
        for (var i = 0; i < samples; i++)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(Prompt()).unsqueeze(0);
            var logits = model.Forward(ids);
            var loss = nn.functional.cross_entropy(logits.view(-1, config.VocabSize), ids.view(-1));
            loss.backward();
            model.zero_grad();
        }
        var train = samples / clock.Elapsed.TotalSeconds;
        return new SaliencyFigures(saliency, train, half, all);
    }
}
