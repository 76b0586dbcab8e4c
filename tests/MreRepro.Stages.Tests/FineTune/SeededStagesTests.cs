using System.Security.Cryptography;
using System.Text.Json;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.FineTune;

namespace MreRepro.Stages.Tests.FineTune;

/// <summary>Torch's thread count and random generator are global: these stage runs must not share them with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchStagesCollection : ICollectionFixture<TinyProfile>
{
    public const string Name = "Torch stages";
}

/// <summary>
/// Seeds kept apart and the held-out protocol, on a tiny model: one finetune output per seed with its chosen epoch,
/// held-out records that are neither trained on nor test records, evaluation, saliency and verbalizer outputs with
/// each seed's numbers and their mean.
/// </summary>
[Collection(TorchStagesCollection.Name)]
public sealed class SeededStagesTests(TinyProfile tiny)
{
    private static T Read<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), StageJson.Options)!;

    private FineTuneSummary Training(int seed) => Read<FineTuneSummary>(Path.Combine(tiny.Context.Paths.FineTuneSeed(TinyProfile.Dataset, TinyProfile.Condition, seed), FineTuneOutput.Training));

    [Fact]
    public void Should_hold_out_training_records_that_are_neither_trained_on_nor_test_records()
    {
        var split = tiny.Context.Paths.Split(TinyProfile.Dataset);
        var train = SplitOutput.ReadPart(split, "train").Select(r => r.Id).ToList();
        var test = SplitOutput.ReadPart(split, "test").Select(r => r.Id).ToHashSet();
        foreach (var seed in TinyProfile.Seeds)
        {
            var summary = Training(seed);
            Assert.Equal(seed, summary.Seed);
            Assert.Equal(12, summary.ValidationIds.Count);
            Assert.Equal(12, summary.ValidationIds.Distinct().Count());
            Assert.All(summary.ValidationIds, id => Assert.Contains(id, train));
            Assert.DoesNotContain(summary.ValidationIds, test.Contains);
            Assert.Equal(train.Count - 12, summary.TrainExamples);
        }
        // The held-out draw depends on validation_seed only, so every fine-tuning seed is selected on the same records.
        Assert.Equal(Training(42).ValidationIds, Training(43).ValidationIds);

        var (kept, held) = ValidationSplit.Draw(SplitOutput.ReadPart(split, "train"), 12, 42);
        Assert.Empty(kept.Select(r => r.Id).Intersect(held.Select(r => r.Id)));
        Assert.Equal(train.Order(), kept.Concat(held).Select(r => r.Id).Order());
        Assert.Equal(held.Select(r => r.Id), Training(42).ValidationIds);
    }

    [Fact]
    public void Should_record_every_epoch_and_keep_the_one_with_the_lowest_validation_loss()
    {
        foreach (var seed in TinyProfile.Seeds)
        {
            var summary = Training(seed);
            Assert.Equal([1, 2, 3], summary.PerEpoch.Select(e => e.Epoch));
            Assert.All(summary.PerEpoch, e => Assert.True(e.TrainLoss > 0 && e.ValidationLoss > 0));
            var lowest = summary.PerEpoch.MinBy(e => e.ValidationLoss!.Value)!;
            Assert.Equal(lowest.Epoch, summary.ChosenEpoch);
            Assert.False(summary.StoppedEarly);
        }
        Assert.NotEqual(Training(42).PerEpoch, Training(43).PerEpoch);
    }

    [Fact]
    public void Should_write_the_same_bytes_when_a_seed_is_fine_tuned_again()
    {
        var folder = tiny.Context.Paths.FineTuneSeed(TinyProfile.Dataset, TinyProfile.Condition, 43);
        var before = Hashes(folder);

        FineTuneStage.Run(tiny.Context, TinyProfile.Dataset, TinyProfile.Condition, 43);

        Assert.Contains(FineTuneOutput.Training, before.Keys);
        Assert.Equal(before, Hashes(folder));
    }

    [Fact]
    public void Should_refuse_a_seed_that_is_not_in_the_profile()
    {
        var error = Assert.Throws<StageException>(() => FineTuneStage.Run(tiny.Context, TinyProfile.Dataset, TinyProfile.Condition, 7));
        Assert.Contains("tiny.finetune.seeds [42, 43] has no seed 7", error.Message);
    }

    [Fact]
    public void Should_evaluate_every_seed_and_report_their_mean()
    {
        var metrics = Read<EvaluationMetrics>(Path.Combine(tiny.Context.Paths.Evaluate(TinyProfile.Dataset, TinyProfile.Condition), EvaluationOutput.Metrics));
        Assert.Equal(TinyProfile.Seeds, metrics.PerSeed.Select(s => s.Seed));
        Assert.Equal(metrics.PerSeed.Average(s => s.Accuracy!.Value), metrics.Accuracy!.Value, 12);
        var lines = File.ReadLines(Path.Combine(tiny.Context.Paths.Evaluate(TinyProfile.Dataset, TinyProfile.Condition), EvaluationOutput.Predictions))
            .Select(l => JsonSerializer.Deserialize<SamplePrediction>(l, StageJson.Compact)!).ToList();
        Assert.Equal([10, 10], TinyProfile.Seeds.Select(seed => lines.Count(l => l.Seed == seed)));
    }

    [Fact]
    public void Should_compute_the_flows_of_every_seed_and_their_mean()
    {
        var folder = tiny.Context.Paths.Saliency(TinyProfile.Dataset, TinyProfile.Condition);
        var summary = Read<SaliencySummary>(Path.Combine(folder, SaliencyOutput.Summary));
        Assert.Equal(TinyProfile.Seeds, summary.PerSeed!.Select(s => s.Seed));
        Assert.NotEqual(summary.PerSeed![0].RawMeans.Spq, summary.PerSeed[1].RawMeans.Spq);
        for (var l = 0; l < summary.Layers; l++)
        {
            Assert.Equal(summary.PerSeed.Average(s => s.Proportions.Spq[l]), summary.Proportions.Spq[l], 12);
            Assert.Equal(summary.PerSeed.Average(s => s.Proportions.Swp[l]), summary.Proportions.Swp[l], 12);
            Assert.Equal(summary.PerSeed.Average(s => s.RawMeans.Sww[l]), summary.RawMeans.Sww[l], 12);
            Assert.Equal(summary.PerSeed.Average(s => s.BosExcluded!.Proportions.Spq[l]), summary.BosExcluded!.Proportions.Spq[l], 12);
        }
        var samples = File.ReadLines(Path.Combine(folder, SaliencyOutput.Samples))
            .Select(l => JsonSerializer.Deserialize<SaliencySampleRecord>(l, StageJson.Compact)!).ToList();
        Assert.Equal([3, 3], TinyProfile.Seeds.Select(seed => samples.Count(s => s.Seed == seed)));
        Assert.Equal(samples.Where(s => s.Seed == 42).Select(s => s.Id), samples.Where(s => s.Seed == 43).Select(s => s.Id));
    }

    [Fact]
    public void Should_run_the_verbalizer_once_per_seed_and_report_their_mean()
    {
        var folder = tiny.Context.Paths.Verbalizer(TinyProfile.Dataset, "manual");
        var metrics = Read<VerbalizerMetrics>(Path.Combine(folder, VerbalizerOutput.Metrics));
        Assert.Equal(TinyProfile.VerbalizerSeeds, metrics.PerSeed!.Select(s => s.Seed));
        Assert.Equal(metrics.PerSeed!.Average(s => s.Accuracy), metrics.Accuracy, 12);
        Assert.Equal(metrics.PerSeed!.Average(s => s.MacroF1), metrics.MacroF1, 12);
        var predictions = File.ReadLines(Path.Combine(folder, VerbalizerOutput.Predictions))
            .Select(l => JsonSerializer.Deserialize<VerbalizerPrediction>(l, StageJson.Compact)!).ToList();
        Assert.Equal([10, 10], TinyProfile.VerbalizerSeeds.Select(seed => predictions.Count(p => p.Seed == seed)));
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(MD5.HashData(File.ReadAllBytes(f))));
}
