using MreRepro.Domain.Formats;
using MreRepro.Domain.Metrics;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Statistics;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;

namespace MreRepro.Stages.Report;

/// <summary>One word-level answer re-scored from its generation and gold: multiset and set counts, and whether it parsed (strictly).</summary>
internal readonly record struct WordSample(PairCounts Multiset, PairCounts Set, bool Malformed);

/// <summary>One text-level answer: the gold label and the parsed prediction (null when it did not parse).</summary>
internal readonly record struct TextSample(string Gold, string? Predicted);

/// <summary>
/// A condition's per-sample predictions kept apart by seed (in seed order; predictions written without a seed form one
/// seed), each seed's samples in file order with their ids: what the report pairs and resamples.
/// </summary>
internal sealed record SeedPredictions<T>(IReadOnlyList<(int Seed, IReadOnlyList<(string Id, T Sample)> Samples)> Seeds)
{
    public int Answers => Seeds.Sum(s => s.Samples.Count);

    /// <summary>
    /// Pairs two conditions' samples on the same seed and sample id (seeds that both ran, in seed order), each pair
    /// tagged with its test record (numbered by id, the same number in every seed); refuses two conditions whose
    /// seeds share no sample id list. With <paramref name="keep"/>, only the (seed, id) pairs it accepts, and seeds
    /// left without samples are dropped (the result may then be empty).
    /// </summary>
    public static IReadOnlyList<SeedSamples<(T With, T Without)>> Pair(SeedPredictions<T> with, SeedPredictions<T> without, string what, Func<int, string, bool>? keep = null)
    {
        var paired = new List<SeedSamples<(T With, T Without)>>();
        var records = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (seed, samples) in with.Seeds)
        {
            var other = without.Seeds.FirstOrDefault(s => s.Seed == seed).Samples;
            if (other is null)
            {
                continue;
            }
            var byId = other.ToDictionary(s => s.Id, s => s.Sample, StringComparer.Ordinal);
            if (byId.Count != samples.Count || samples.Any(s => !byId.ContainsKey(s.Id)))
            {
                throw new StageException($"{what}: seed {seed} has different test samples with and without the added information; rerun evaluate for both.");
            }
            var kept = keep is null ? samples : samples.Where(s => keep(seed, s.Id)).ToList();
            if (keep is not null && kept.Count == 0)
            {
                continue;
            }
            foreach (var s in kept)
            {
                records.TryAdd(s.Id, records.Count);
            }
            paired.Add(new SeedSamples<(T, T)>(kept.Select(s => records[s.Id]).ToList(), kept.Select(s => (s.Sample, byId[s.Id])).ToList()));
        }
        if (paired.Count == 0 && keep is null)
        {
            throw new StageException($"{what}: no seed was evaluated both with and without the added information; rerun evaluate for both.");
        }
        return paired;
    }

    /// <summary>The gain and its interval over seeds and test records (<see cref="SeedSampleInterval"/>); null for no samples.</summary>
    public static GainEstimate? Gain(IReadOnlyList<SeedSamples<(T With, T Without)>> seeds, Func<IReadOnlyList<T>, double> metric, int resamples, int seed)
    {
        if (seeds.Count == 0)
        {
            return null;
        }
        var interval = SeedSampleInterval.Of(seeds, SeedSampleInterval.Gain(metric), resamples, seed);
        return new GainEstimate(interval.Estimate, new ConfidenceInterval(interval.Lower, interval.Upper, interval.Level));
    }

    /// <summary>Mean ± spread over seeds of each side, and the interval of the gain over seeds and test records.</summary>
    public static MetricPair Compare(IReadOnlyList<SeedSamples<(T With, T Without)>> seeds, Func<IReadOnlyList<T>, double> metric, int resamples, int seed)
    {
        var interval = SeedSampleInterval.Of(seeds, SeedSampleInterval.Gain(metric), resamples, seed);
        return new MetricPair(
            Score.FromSeeds(seeds.Select(s => metric(s.Samples.Select(p => p.Without).ToList()))),
            Score.FromSeeds(seeds.Select(s => metric(s.Samples.Select(p => p.With).ToList()))),
            new ConfidenceInterval(interval.Lower, interval.Upper, interval.Level));
    }

    /// <summary>A planted dataset's gain against its control's: both mean gains over seeds, and the interval of their difference.</summary>
    public static ControlContrast Contrast(IReadOnlyList<SeedSamples<(T With, T Without)>> planted, IReadOnlyList<SeedSamples<(T With, T Without)>> control,
        string controlName, Func<IReadOnlyList<T>, double> metric, int resamples, int seed)
    {
        var gain = SeedSampleInterval.Gain(metric);
        var interval = SeedSampleInterval.Difference(planted, control, gain, resamples, seed);
        return new ControlContrast(controlName, planted.Average(s => gain(s.Samples)), control.Average(s => gain(s.Samples)),
            new ConfidenceInterval(interval.Lower, interval.Upper, interval.Level));
    }
}

/// <summary>Reads evaluate's and the verbalizer's predictions.jsonl into per-seed samples.</summary>
internal static class SeedPredictions
{
    /// <summary>Word-level answers, re-scored: the generation parsed strictly, the gold (the canonical answer) read back as written.</summary>
    public static SeedPredictions<WordSample> WordLevel(IReadOnlyList<SamplePrediction> predictions) => BySeed(predictions, p => p.Seed, p => p.Id, p =>
    {
        var gold = AnswerFormat.ParseWordLevel(p.Gold, parsing: WordLevelParsing.Lenient).Pairs;
        var parsed = AnswerFormat.ParseWordLevel(p.Generation);
        var predicted = parsed.Ok ? parsed.Pairs : [];
        return new WordSample(WordLevelF1.Count(gold, predicted), WordLevelF1.CountSet(gold, predicted), !parsed.Ok);
    });

    /// <summary>Text-level answers as evaluate parsed them (a label, or null with ParseOk false).</summary>
    public static SeedPredictions<TextSample> TextLevel(IReadOnlyList<SamplePrediction> predictions) =>
        BySeed(predictions, p => p.Seed, p => p.Id, p => new TextSample(p.GoldLabel ?? p.Gold, p.ParseOk ? p.Parsed : null));

    /// <summary>The verbalizer's predictions (always one of the classes).</summary>
    public static SeedPredictions<TextSample> Verbalizer(IReadOnlyList<VerbalizerPrediction> predictions) =>
        BySeed(predictions, p => p.Seed ?? 0, p => p.Id, p => new TextSample(p.Gold, p.Predicted));

    public static double F1(IReadOnlyList<WordSample> samples) => WordLevelF1.Pool(samples.Select(s => s.Multiset)).F1;

    public static double SetF1(IReadOnlyList<WordSample> samples) => WordLevelF1.Pool(samples.Select(s => s.Set)).F1;

    public static double Accuracy(IReadOnlyList<TextSample> samples) =>
        samples.Count == 0 ? 0 : samples.Count(s => s.Gold == s.Predicted) / (double)samples.Count;

    /// <summary>
    /// Macro-F1 over the labels given (classes with neither gold nor prediction in the samples are left out, as
    /// evaluate does): <see cref="TextLevelMetrics.Compute"/>'s value bit for bit, from per-label counts taken in one
    /// pass. The report's intervals call it about 12,000 times each; Compute reads the samples three times per label.
    /// </summary>
    public static Func<IReadOnlyList<TextSample>, double> MacroF1(IReadOnlyList<string> labels)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            index.TryAdd(label, index.Count);
        }
        var order = labels.Select(l => index[l]).ToArray();
        return samples =>
        {
            if (samples.Count == 0)
            {
                return 0;
            }
            var (truePositives, golds, predictions) = (new int[index.Count], new int[index.Count], new int[index.Count]);
            foreach (var s in samples)
            {
                var gold = index.GetValueOrDefault(s.Gold, -1);
                var predicted = s.Predicted is null ? -1 : index.GetValueOrDefault(s.Predicted, -1);
                if (gold >= 0)
                {
                    golds[gold]++;
                }
                if (predicted >= 0)
                {
                    predictions[predicted]++;
                    truePositives[predicted] += predicted == gold ? 1 : 0;
                }
            }
            var f1s = new List<double>();
            foreach (var k in order)
            {
                var (tp, goldCount, predCount) = (truePositives[k], golds[k], predictions[k]);
                if (goldCount == 0 && predCount == 0)
                {
                    continue;
                }
                var precision = predCount == 0 ? 0 : (double)tp / predCount;
                var recall = goldCount == 0 ? 0 : (double)tp / goldCount;
                f1s.Add(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
            }
            return f1s.Count == 0 ? 0 : f1s.Average();
        };
    }

    /// <summary>Every gold and predicted label of both conditions, ordinal order.</summary>
    public static IReadOnlyList<string> Labels(params SeedPredictions<TextSample>[] conditions) =>
        conditions.SelectMany(c => c.Seeds).SelectMany(s => s.Samples)
            .SelectMany(s => new[] { s.Sample.Gold, s.Sample.Predicted }).OfType<string>()
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static SeedPredictions<T> BySeed<TRecord, T>(IReadOnlyList<TRecord> records, Func<TRecord, int> seed, Func<TRecord, string> id, Func<TRecord, T> sample) =>
        new(records.GroupBy(seed).OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<(string, T)>)g.Select(r => (id(r), sample(r))).ToList()))
            .ToList());
}
