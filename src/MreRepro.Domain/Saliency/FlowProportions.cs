namespace MreRepro.Domain.Saliency;

/// <summary>Spec A6: mean of [3, L] flow arrays over samples, then each layer divided by its sum of the three flows.</summary>
public static class FlowProportions
{
    public static double[,] Compute(IReadOnlyList<double[,]> samples)
    {
        var result = Mean(samples);
        for (var l = 0; l < result.GetLength(1); l++)
        {
            var sum = result[0, l] + result[1, l] + result[2, l];
            for (var k = 0; k < 3; k++)
            {
                result[k, l] = sum == 0 ? 0 : result[k, l] / sum;
            }
        }
        return result;
    }

    /// <summary>The element-wise mean of [3, L] flow arrays (the raw S_wp, S_pq, S_ww per layer); [3, 0] for none.</summary>
    public static double[,] Mean(IReadOnlyList<double[,]> samples)
    {
        if (samples.Count == 0)
        {
            return new double[3, 0];
        }
        var layers = samples[0].GetLength(1);
        var mean = new double[3, layers];
        foreach (var s in samples)
        {
            for (var k = 0; k < 3; k++)
            {
                for (var l = 0; l < layers; l++)
                {
                    mean[k, l] += s[k, l] / samples.Count;
                }
            }
        }
        return mean;
    }
}
