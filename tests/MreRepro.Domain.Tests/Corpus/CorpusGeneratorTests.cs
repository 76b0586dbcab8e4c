using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;

namespace MreRepro.Domain.Tests.Corpus;

/// <summary>The generated corpus: reproducible, well-formed, and with the planted dependence between levels.</summary>
public sealed class CorpusGeneratorTests
{
    public static TheoryData<DatasetKind> Kinds => new(DatasetNames.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_generate_identical_bytes_for_the_same_seed_and_different_ones_for_another(DatasetKind kind)
    {
        var a = CanonicalJsonl.ToBytes(CorpusGenerator.Generate(kind, 300, 42, 0.8));
        var b = CanonicalJsonl.ToBytes(CorpusGenerator.Generate(kind, 300, 42, 0.8));
        var c = CanonicalJsonl.ToBytes(CorpusGenerator.Generate(kind, 300, 43, 0.8));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_place_every_word_in_its_text_at_its_offset_with_inventory_labels(DatasetKind kind)
    {
        var inventory = LabelInventory.For(kind);
        foreach (var record in CorpusGenerator.Generate(kind, 500, 7, 0.8))
        {
            Assert.Contains(record.TextLabel, inventory.TextLabels);
            foreach (var pair in record.Pairs)
            {
                Assert.Contains(pair.Label, inventory.WordLabels);
                Assert.Equal(pair.Word, record.Text.Substring(pair.Start!.Value, pair.Word.Length));
            }
        }
    }

    [Fact]
    public void Should_use_the_paper_label_inventories()
    {
        Assert.Equal(["社会", "文芸", "学問", "技術", "自然"], LabelInventory.For(DatasetKind.Scnm).TextLabels);
        Assert.Equal(8, LabelInventory.For(DatasetKind.Scnm).WordLabels.Count);
        Assert.Equal(["positive", "neutral", "negative"], LabelInventory.For(DatasetKind.ScposAdj).TextLabels);
    }

    [Theory]
    [InlineData(DatasetKind.Scnm)]
    [InlineData(DatasetKind.ScposN)]
    [InlineData(DatasetKind.Tcree)]
    public void Should_tie_word_labels_to_the_text_label_only_when_strength_is_positive(DatasetKind kind)
    {
        var planted = MutualInformation(CorpusGenerator.Generate(kind, 4000, 1, 0.8));
        var control = MutualInformation(CorpusGenerator.Generate(kind, 4000, 1, 0.0));
        Assert.True(planted > 0.3, $"planted MI {planted:F3} bits");
        Assert.True(control < 0.02, $"control MI {control:F3} bits");
    }

    // Mutual information (bits) between the text label and the label of each word-level pair.
    private static double MutualInformation(IReadOnlyList<MreRecord> records)
    {
        var pairs = records.SelectMany(r => r.Pairs.Select(p => (r.TextLabel, p.Label))).ToList();
        var n = (double)pairs.Count;
        var joint = pairs.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count() / n);
        var text = pairs.GroupBy(p => p.TextLabel).ToDictionary(g => g.Key, g => g.Count() / n);
        var word = pairs.GroupBy(p => p.Label).ToDictionary(g => g.Key, g => g.Count() / n);
        return joint.Sum(kv => kv.Value * Math.Log2(kv.Value / (text[kv.Key.TextLabel] * word[kv.Key.Label])));
    }
    [Fact]
    public void Should_join_nouns_to_point_and_place_words_with_no()
    {
        var records = CorpusGenerator.Generate(DatasetKind.ScposNAdj, 500, 3, CorpusGenerator.DefaultStrength);
        var nounFollowers = records
            .SelectMany(r => r.Pairs.Where(p => !p.Word.EndsWith('い') && !p.Word.EndsWith('な')).Select(p => r.Text[p.End!.Value..]))
            .ToList();
        Assert.Contains(nounFollowers, f => f.StartsWith("の点", StringComparison.Ordinal));
        Assert.DoesNotContain(nounFollowers, f => f.StartsWith('点') || f.StartsWith("ところ", StringComparison.Ordinal));
    }
}
