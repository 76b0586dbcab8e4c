using MreRepro.Training.Losses;
using static TorchSharp.torch;

namespace MreRepro.Training.Tests.Fixtures;

/// <summary>Seeded synthetic examples: prompt/answer token sequences and regression pairs.</summary>
internal static class SyntheticData
{
    public const int Vocab = 13;

    /// <summary>Sequences "prompt … answer" where the answer copies the prompt's first tokens, of varying lengths.</summary>
    public static List<CausalLmSequence> Sequences(int count)
    {
        var result = new List<CausalLmSequence>();
        for (var i = 0; i < count; i++)
        {
            var promptLength = 3 + (i % 3);
            var ids = new List<long> { 1 };
            for (var t = 0; t < promptLength; t++)
                ids.Add(2 + ((i * 7 + t * 3) % (Vocab - 2)));
            var answerStart = ids.Count;
            ids.Add(ids[1]);
            ids.Add(ids[2]);
            result.Add(new CausalLmSequence(ids, answerStart));
        }

        return result;
    }

    public static List<(float[] X, float Y)> Regression(int count, int inputs)
    {
        var result = new List<(float[], float)>();
        for (var i = 0; i < count; i++)
        {
            var x = new float[inputs];
            for (var k = 0; k < inputs; k++)
                x[k] = (float)Math.Sin((i * 0.7) + (k * 1.3));
            result.Add((x, (float)Math.Cos(i * 0.5)));
        }

        return result;
    }

    public static Tensor CausalLoss(TinyLm model, IReadOnlyList<CausalLmSequence> batch)
    {
        using var data = CausalLmBatch.Build(batch, padId: 0);
        using var logits = model.call(data.InputIds);
        return CausalLmLoss.Compute(logits, data.Labels);
    }

    public static Tensor MseLoss(TinyRegressor model, IReadOnlyList<(float[] X, float Y)> batch)
    {
        var inputs = batch[0].X.Length;
        using var x = tensor(batch.SelectMany(b => b.X).ToArray(), [batch.Count, inputs]);
        using var y = tensor(batch.Select(b => b.Y).ToArray(), [batch.Count, 1]);
        using var prediction = model.call(x);
        return nn.functional.mse_loss(prediction, y);
    }

    /// <summary>True when both tensors hold the same float32 values bit for bit.</summary>
    public static bool BitIdentical(Tensor a, Tensor b)
        => a.shape.SequenceEqual(b.shape) && a.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)
            .SequenceEqual(b.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));

    /// <summary>Copies of all parameters by name, for before/after comparisons.</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module model)
        => model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
