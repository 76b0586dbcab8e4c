using System.Globalization;
using MreRepro.Domain.Records;
using MreRepro.Domain.Sampling;

namespace MreRepro.Domain.Corpus;

/// <summary>
/// Generates a Japanese MRE-mix dataset with a known mutual-reinforcement strength s in [0, 1].
/// Each text gets a text label t (uniform) and 1–3 word-level pairs (SCNM: none with probability 0.1, 無い).
/// Each pair is, with probability s, tied to t: its label is drawn from the labels associated with t and its word
/// (when not ambiguous) from t's own topic words; otherwise its label is uniform over all word-level labels and its
/// word comes from that label's class-independent lexicon. With probability <see cref="AmbiguousShare"/> the word is
/// instead an ambiguous one that any label may carry. Each clause shows a cue to its word's label with probability
/// <see cref="ClauseCueProbability"/>, and the closing sentence shows a cue to t with probability
/// <see cref="TextCueProbability"/>. So the text alone only partly reveals either level: at s = 0.8 about a sixth of
/// the texts (SCNM: over a fifth) give no cue to t at all, which is where the gold text label can help. At s &gt; 0 the
/// gold text label narrows the word labels (TLI helps word-level extraction), the word labels reveal t (WLI helps
/// text classification) and each class has frequent words of its own (KPT's label words); at s = 0 labels and
/// words are independent of t and supplying one level cannot help the other.
/// The same (kind, count, seed, strength) always gives the same records. The random stream depends on (kind, seed)
/// only, so datasets of different strengths share their draws (same text labels, pair counts and cue choices):
/// a strength sweep compares like with like.
/// </summary>
public static class CorpusGenerator
{
    /// <summary>Probability that a clause carries a cue to its word's label.</summary>
    public const double ClauseCueProbability = 0.35;

    /// <summary>
    /// Probability that the closing sentence carries a cue to the text label: a control's only text-level signal. At
    /// 0.2 (before 2026-12-02) the small Text+WLI models of the controls did not learn it beside the uninformative
    /// pairs within 10 epochs (README, The null control).
    /// </summary>
    public const double TextCueProbability = 0.35;

    /// <summary>Probability that a pair's word comes from the ambiguous pool any label may carry.</summary>
    public const double AmbiguousShare = 0.65;

    public static IReadOnlyList<MreRecord> Generate(DatasetKind kind, int count, int seed, double strength)
    {
        if (strength is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(strength), "strength must lie in [0, 1].");
        }
        var design = CorpusDesign.For(kind);
        var name = DatasetNames.Name(kind);
        var rng = new SplitMix64(((ulong)(uint)seed << 32) ^ (ulong)kind * 0x9E3779B1UL);
        var records = new List<MreRecord>(count);
        for (var i = 0; i < count; i++)
        {
            records.Add(One(design, rng, strength, $"{name}-{i:D6}"));
        }
        return records;
    }

    private static MreRecord One(CorpusDesign d, SplitMix64 rng, double strength, string id)
    {
        var textLabel = rng.Pick(d.TextLabels);
        var pairCount = rng.NextDouble() < d.NoPairShare ? 0 : 1 + rng.Next(3);
        var clauses = new List<string>();
        var chosen = new List<(string Label, string Word)>();
        for (var k = 0; k < pairCount; k++)
        {
            // One draw per decision whatever its outcome, so that every strength consumes the stream alike.
            var tied = rng.NextDouble() < strength;
            var label = tied ? rng.Pick(d.Associated[textLabel]) : rng.Pick(d.WordLabels);
            var pool = rng.NextDouble() < AmbiguousShare ? d.SharedWords : tied ? d.Topical[textLabel][label] : d.Lexicon[label];
            var word = rng.Pick(pool);
            var template = rng.NextDouble() < ClauseCueProbability ? rng.Pick(d.CueClauses[label]) : rng.Pick(d.PlainClauses);
            if (chosen.Any(c => c.Word.Contains(word) || word.Contains(c.Word)))
            {
                continue;   // a word inside another would make its offset ambiguous
            }
            clauses.Add(Fill(template, word));
            chosen.Add((label, word));
        }
        var ending = rng.NextDouble() < TextCueProbability ? rng.Pick(d.TextCues[textLabel]) : rng.Pick(d.PlainEndings);
        var opening = NoPairOpening(rng);   // drawn even when unused, so the stream does not depend on skipped words
        var body = clauses.Count == 0 ? opening : string.Join("、", clauses);
        // Endings such as という。 continue the last clause; the others start a new sentence.
        var text = body + (ending.StartsWith('と') || ending.StartsWith('こ') ? ending : "。" + ending);
        var pairs = new List<WordPair>();
        var from = 0;
        foreach (var (label, word) in chosen)
        {
            var start = text.IndexOf(word, from, StringComparison.Ordinal);
            pairs.Add(new WordPair(label, word, CodePoints.FromUtf16(text, start)));
            from = start + word.Length;
        }
        return new MreRecord(id, text, textLabel, pairs);
    }

    // Adjectives (ending in い or な) modify 点/ところ directly; a noun needs の before them (操作の点, not 操作点).
    private static string Fill(string template, string word)
    {
        var attributive = word.EndsWith('い') || word.EndsWith('な');
        var filled = attributive ? template : template.Replace("{w}点", "{w}の点").Replace("{w}ところ", "{w}のところ");
        return filled.Replace("{w}", word);
    }

    private static string NoPairOpening(SplitMix64 rng) => rng.Pick(["今日の出来事を記す", "短い記録を残す", "詳細は不明だ"]);

    /// <summary>Record id for row <paramref name="index"/> (0-based).</summary>
    public static string Id(DatasetKind kind, int index) => string.Create(CultureInfo.InvariantCulture, $"{DatasetNames.Name(kind)}-{index:D6}");
}
