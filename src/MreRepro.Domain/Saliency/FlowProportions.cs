namespace MreRepro.Domain.Saliency;

/// <summary>Spec A6: mean of [3, L] flow arrays over samples, then each layer divided by its sum of the three flows.</summary>
public static class FlowProportions
{
    public static double[,] Compute(IReadOnlyList<double[,]> samples)
    {
        if (samples.Count == 0)
        {
            return new double[3, 0];
        }
        var layers = samples[0].GetLength(1);
        var result = new double[3, layers];
        foreach (var s in samples)
        {
            for (var k = 0; k < 3; k++)
            {
                for (var l = 0; l < layers; l++)
                {
                    result[k, l] += s[k, l] / samples.Count;
                }
            }
        }
        for (var l = 0; l < layers; l++)
        {
            var sum = result[0, l] + result[1, l] + result[2, l];
            for (var k = 0; k < 3; k++)
            {
                result[k, l] = sum == 0 ? 0 : result[k, l] / sum;
            }
        }
        return result;
    }
}
