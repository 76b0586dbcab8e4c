using MreRepro.Domain.Saliency;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Statistics;
using MreRepro.Stages.Contracts;

namespace MreRepro.Stages.Report;

/// <summary>
/// One dataset's saliency samples kept apart by fine-tuning seed (samples written before seeds were kept apart form
/// one seed), as raw [3, L] flows: the panels of Figures 4 and 5 (spec A6 proportions per seed, mean over seeds with a
/// min–max band) and the planted-versus-control comparisons with intervals over seeds and test records (<see cref="SeedSampleInterval"/>).
/// </summary>
internal sealed class FlowSeeds
{
    private FlowSeeds(IReadOnlyList<SeedSamples<double[,]>> samples)
    {
        Samples = samples;
        Seeds = samples.Select(s => s.Samples).ToList();
    }

    /// <summary>Per seed (in seed order), each sample's raw flows [3, L].</summary>
    public IReadOnlyList<IReadOnlyList<double[,]>> Seeds { get; }

    /// <summary>The same, each sample tagged with its test record (numbered by id, the same number in every seed).</summary>
    public IReadOnlyList<SeedSamples<double[,]>> Samples { get; }

    public int Layers => Seeds.SelectMany(s => s).Select(f => f.GetLength(1)).DefaultIfEmpty(0).First();

    /// <summary>The default flows, or the BOS-excluded variant (null when some sample predates it).</summary>
    public static FlowSeeds? From(IReadOnlyList<SaliencySampleRecord> records, bool bosExcluded)
    {
        if (bosExcluded && records.Any(r => r.BosExcluded is null))
        {
            return null;
        }
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var seeds = records.GroupBy(r => r.Seed ?? 0).OrderBy(g => g.Key)
            .Select(g => new SeedSamples<double[,]>(
                g.Select(r => numbers.TryAdd(r.Id, numbers.Count) ? numbers.Count - 1 : numbers[r.Id]).ToList(),
                g.Select(r => bosExcluded
                    ? Rows(r.BosExcluded!.Swp, r.BosExcluded.Spq, r.BosExcluded.Sww)
                    : Rows(r.Swp, r.Spq, r.Sww)).ToList()))
            .ToList();
        return new FlowSeeds(seeds);
    }

    /// <summary>The panel: each seed's proportions (spec A6), their mean over seeds, and their min–max over seeds as a band.</summary>
    public FlowPanel Panel(string dataset, string label)
    {
        var perSeed = Seeds.Select(FlowProportions.Compute).ToList();
        var layers = Layers;
        double? Mean(int k, int l) => perSeed.Count == 0 ? null : perSeed.Average(p => p[k, l]);
        IReadOnlyList<double?> Series(int k) => Enumerable.Range(0, layers).Select(l => Mean(k, l)).ToList();
        var bands = perSeed.Count > 1
            ? Enumerable.Range(0, 3).Select(k => new FlowBand(
                Enumerable.Range(0, layers).Select(l => perSeed.Min(p => p[k, l])).ToList(),
                Enumerable.Range(0, layers).Select(l => perSeed.Max(p => p[k, l])).ToList())).ToList()
            : null;
        return new FlowPanel(dataset, Enumerable.Range(0, layers).ToList(), Series(0), Series(1), Series(2))
        {
            Label = label,
            Seeds = perSeed.Count,
            Bands = bands,
        };
    }

    /// <summary>Planted against control: the mean S_pq proportion over layers and the S_wp proportion of each layer.</summary>
    public static FlowComparison Compare(string paper, string planted, FlowSeeds plantedFlows, string control, FlowSeeds controlFlows, int resamples, int seed)
    {
        var layers = Math.Min(plantedFlows.Layers, controlFlows.Layers);
        var meanSpq = Difference(plantedFlows, controlFlows, samples => MeanOverLayers(samples, 1, layers), resamples, seed);
        var swp = Enumerable.Range(0, layers)
            .Select(l => Difference(plantedFlows, controlFlows, samples => Proportion(samples, 0, l), resamples, seed))
            .ToList();
        var lastLayer = layers == 0
            ? 0
            : new[] { plantedFlows, controlFlows }.SelectMany(f => f.Seeds).Where(s => s.Count > 0).Select(s => Proportion(s, 0, layers - 1)).DefaultIfEmpty(0).Max();
        return new FlowComparison(paper, planted, control, Math.Min(plantedFlows.Seeds.Count, controlFlows.Seeds.Count), layers, meanSpq, swp, lastLayer);
    }

    private static Estimate Difference(FlowSeeds planted, FlowSeeds control, Func<IReadOnlyList<double[,]>, double> metric, int resamples, int seed)
    {
        var interval = SeedSampleInterval.Difference(planted.Samples, control.Samples, metric, resamples, seed);
        return new Estimate(planted.Seeds.Average(metric), control.Seeds.Average(metric), interval.Lower, interval.Upper, interval.Level);
    }

    // Spec A6 for one layer: the flow's share of the three means over the samples.
    private static double Proportion(IReadOnlyList<double[,]> samples, int flow, int layer)
    {
        double wp = 0, pq = 0, ww = 0;
        foreach (var s in samples)
        {
            wp += s[0, layer];
            pq += s[1, layer];
            ww += s[2, layer];
        }
        var sum = wp + pq + ww;
        var value = flow switch { 0 => wp, 1 => pq, _ => ww };
        return sum == 0 ? 0 : value / sum;
    }

    private static double MeanOverLayers(IReadOnlyList<double[,]> samples, int flow, int layers) =>
        layers == 0 ? 0 : Enumerable.Range(0, layers).Average(l => Proportion(samples, flow, l));

    private static double[,] Rows(double[] swp, double[] spq, double[] sww)
    {
        var flows = new double[3, swp.Length];
        for (var l = 0; l < swp.Length; l++)
        {
            flows[0, l] = swp[l];
            flows[1, l] = spq[l];
            flows[2, l] = sww[l];
        }
        return flows;
    }
}
