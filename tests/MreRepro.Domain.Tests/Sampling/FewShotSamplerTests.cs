using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Tests.Sampling;

public sealed class FewShotSamplerTests
{
    private static readonly System.Text.Json.JsonElement s_fewShot = SamplingVectors.Root.GetProperty("openprompt_fewshot");

    [Fact]
    public void Should_match_openprompt_for_every_generated_case()
    {
        var labels = s_fewShot.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!).ToArray();
        foreach (var entry in s_fewShot.GetProperty("cases").EnumerateArray())
        {
            var sampler = new FewShotSampler(
                OptionalInt(entry, "per_label"),
                OptionalInt(entry, "total"),
                entry.GetProperty("also_sample_dev").GetBoolean(),
                OptionalInt(entry, "per_label_dev"),
                OptionalInt(entry, "total_dev"));

            var selection = sampler.Sample(labels, entry.GetProperty("seed").GetInt32());

            Assert.Equal(entry.GetProperty("train").Ints(), selection.Train);
            Assert.Equal(entry.GetProperty("dev").Ints(), selection.Dev);
        }
    }

    [Fact]
    public void Should_take_k_per_label_and_give_dev_what_remains_when_a_label_runs_short()
    {
        var labels = new[] { "a", "b", "a", "c", "b", "a", "c", "a", "b", "c", "a", "b" };

        var selection = new FewShotSampler(numExamplesPerLabel: 2, alsoSampleDev: true).Sample(labels, 144);

        Assert.All(new[] { "a", "b", "c" }, label => Assert.Equal(2, selection.Train.Count(i => labels[i] == label)));
        Assert.Equal(2, selection.Dev.Count(i => labels[i] == "a"));
        Assert.Equal(2, selection.Dev.Count(i => labels[i] == "b"));
        Assert.Equal(1, selection.Dev.Count(i => labels[i] == "c"));
        Assert.Empty(selection.Train.Intersect(selection.Dev));
    }

    [Fact]
    public void Should_require_exactly_one_of_per_label_and_total()
    {
        Assert.Throws<ArgumentException>(() => new FewShotSampler());
        Assert.Throws<ArgumentException>(() => new FewShotSampler(numExamplesPerLabel: 1, numExamplesTotal: 2));
        Assert.Throws<ArgumentException>(() => new FewShotSampler(numExamplesPerLabel: 1, numExamplesTotalDev: 2));
    }

    private static int? OptionalInt(System.Text.Json.JsonElement entry, string name) =>
        entry.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? null : entry.GetProperty(name).GetInt32();
}
