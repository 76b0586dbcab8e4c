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

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_tie_words_to_the_text_label_only_when_strength_is_positive(DatasetKind kind)
    {
        var control = WordMutualInformation(CorpusGenerator.Generate(kind, 4000, 1, 0.0));
        var half = WordMutualInformation(CorpusGenerator.Generate(kind, 4000, 1, 0.5));
        var planted = WordMutualInformation(CorpusGenerator.Generate(kind, 4000, 1, 0.8));
        // Bias-corrected (Miller-Madow): independent words and classes still show (words − 1)(classes − 1) / (2 n ln 2) bits.
        Assert.True(Math.Abs(control) < 0.01, $"control word-class MI {control:F4} bits beyond the finite-sample bias");
        // Only a tied pair's non-ambiguous word (s (1 − 0.65) of the pairs) depends on the class: 0.25–0.29 bits at s = 0.5.
        Assert.True(half > 0.2, $"s = 0.5 word-class MI {half:F3} bits");
        Assert.True(planted > half, $"s = 0.8 word-class MI {planted:F3} bits, not above s = 0.5's {half:F3}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_give_every_class_topic_words_no_other_class_uses(DatasetKind kind)
    {
        var design = CorpusDesign.For(kind);
        foreach (var textLabel in design.TextLabels)
        {
            Assert.Equal(design.Associated[textLabel].Order(), design.Topical[textLabel].Keys.Order());
            Assert.All(design.Topical[textLabel].Values, words => Assert.True(words.Count >= 12, $"{textLabel}: {words.Count} topic words"));
        }
        var owners = design.Topical.SelectMany(c => c.Value.Values.SelectMany(w => w).Distinct().Select(w => (Word: w, Class: c.Key)))
            .GroupBy(x => x.Word).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(owners);
        var neutral = design.Lexicon.Values.SelectMany(w => w).Concat(design.SharedWords).ToHashSet();
        Assert.DoesNotContain(design.Topical.Values.SelectMany(c => c.Values.SelectMany(w => w)), neutral.Contains);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_keep_each_word_apart_from_other_words_and_from_the_templates(DatasetKind kind)
    {
        // A word inside another word or inside template text would make its character offset ambiguous.
        var design = CorpusDesign.For(kind);
        var words = design.AllWords;
        var templates = design.CueClauses.Values.SelectMany(t => t).Concat(design.PlainClauses)
            .Concat(design.TextCues.Values.SelectMany(t => t)).Concat(design.PlainEndings)
            .Select(t => t.Replace("{w}", "\n", StringComparison.Ordinal)).ToList();
        foreach (var word in words)
        {
            Assert.DoesNotContain(words, other => other != word && other.Contains(word, StringComparison.Ordinal));
            Assert.DoesNotContain(templates, t => t.Contains(word, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Should_share_the_random_draws_between_strengths()
    {
        var control = CorpusGenerator.Generate(DatasetKind.Scnm, 500, 42, 0.0);
        var planted = CorpusGenerator.Generate(DatasetKind.Scnm, 500, 42, 0.8);
        Assert.Equal(control.Select(r => r.TextLabel), planted.Select(r => r.TextLabel));
        Assert.NotEqual(control.Select(r => r.Text), planted.Select(r => r.Text));
    }

    // Table 2 can only show TLI's help where the text hides its label: a planted text gives no cue to t when its closing
    // sentence has none and no pair has a topic word of t (tied and not ambiguous) or a cue clause. With
    // q = (1 - s(1 - ambiguous)) (1 - clause cue) per pair and 1-3 pairs (SCNM: none with probability 0.1), the share is
    // (1 - text cue) (none + (1 - none) mean(q, q², q³)): 0.17 for the reviews and 0.22 for SCNM at s = 0.8.
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_leave_the_designed_share_of_planted_texts_without_any_cue_to_their_label(DatasetKind kind)
    {
        const double strength = 0.8;
        var design = CorpusDesign.For(kind);
        var records = CorpusGenerator.Generate(kind, 20000, 7, strength);
        var topicWords = design.Topical.Values.SelectMany(byLabel => byLabel.Values.SelectMany(w => w)).ToHashSet(StringComparer.Ordinal);
        var textCues = design.TextCues.Values.SelectMany(c => c).ToList();
        var clauseCues = design.CueClauses.Values.SelectMany(c => c).Select(t => t.Replace("{w}", "", StringComparison.Ordinal)).ToList();
        bool HasClauseCue(MreRecord r, WordPair p)
        {
            var rest = r.Text[p.End!.Value..];
            return clauseCues.Any(cue => rest.StartsWith(cue, StringComparison.Ordinal) || rest.StartsWith("の" + cue, StringComparison.Ordinal));
        }
        var observed = records.Count(r =>
            !textCues.Any(c => r.Text.Contains(c, StringComparison.Ordinal))
            && r.Pairs.All(p => !topicWords.Contains(p.Word) && !HasClauseCue(r, p))) / (double)records.Count;

        var q = (1 - strength * (1 - CorpusGenerator.AmbiguousShare)) * (1 - CorpusGenerator.ClauseCueProbability);
        var expected = (1 - CorpusGenerator.TextCueProbability) * (design.NoPairShare + (1 - design.NoPairShare) * (q + q * q + q * q * q) / 3);
        // A pair whose word sits inside another's is dropped, so a few texts have fewer pairs (and fewer cues) than drawn.
        Assert.InRange(observed, expected - 0.01, expected + 0.03);
        Assert.True(observed > 0.15, $"{kind}: only {observed:P1} of planted texts hide their text label");
    }

    // Mutual information (bits) between the text label and each word-level word, less the Miller-Madow bias term.
    private static double WordMutualInformation(IReadOnlyList<MreRecord> records)
    {
        var pairs = records.SelectMany(r => r.Pairs.Select(p => (r.TextLabel, p.Word))).ToList();
        var words = pairs.Select(p => p.Word).Distinct().Count();
        var classes = pairs.Select(p => p.TextLabel).Distinct().Count();
        return MutualInformation(pairs) - (words - 1) * (classes - 1) / (2.0 * pairs.Count * Math.Log(2));
    }

    // Mutual information (bits) between the text label and the label of each word-level pair.
    private static double MutualInformation(IReadOnlyList<MreRecord> records) =>
        MutualInformation(records.SelectMany(r => r.Pairs.Select(p => (r.TextLabel, p.Label))).ToList());

    private static double MutualInformation(IReadOnlyList<(string TextLabel, string Label)> pairs)
    {
        var n = (double)pairs.Count;
        var joint = pairs.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count() / n);
        var text = pairs.GroupBy(p => p.TextLabel).ToDictionary(g => g.Key, g => g.Count() / n);
        var word = pairs.GroupBy(p => p.Label).ToDictionary(g => g.Key, g => g.Count() / n);
        return joint.Sum(kv => kv.Value * Math.Log2(kv.Value / (text[kv.Key.TextLabel] * word[kv.Key.Label])));
    }
    [Fact]
    public void Should_join_nouns_to_point_and_place_words_with_no()
    {
        var records = CorpusGenerator.Generate(DatasetKind.ScposNAdj, 500, 3, 0.8);
        var nounFollowers = records
            .SelectMany(r => r.Pairs.Where(p => !p.Word.EndsWith('い') && !p.Word.EndsWith('な')).Select(p => r.Text[p.End!.Value..]))
            .ToList();
        Assert.Contains(nounFollowers, f => f.StartsWith("の点", StringComparison.Ordinal));
        Assert.DoesNotContain(nounFollowers, f => f.StartsWith('点') || f.StartsWith("ところ", StringComparison.Ordinal));
    }
}
