namespace MreRepro.Domain.Records;

/// <summary>One MRE-mix sample: a text labelled at the text level and at the word level.</summary>
/// <param name="Id">Stable identifier, unique within a dataset file.</param>
/// <param name="Text">The input text, never altered after loading.</param>
/// <param name="TextLabel">Text-level class (SCNM: 社会/文芸/学問/技術/自然; SCPOS: positive/neutral/negative; TCREE: its text classes).</param>
/// <param name="Pairs">Ordered word-level pairs; empty when the dataset says 無い (none).</param>
public sealed record MreRecord(string Id, string Text, string TextLabel, IReadOnlyList<WordPair> Pairs)
{
    /// <summary>Record equality compares the pair lists element by element (records compare list references otherwise).</summary>
    public bool Equals(MreRecord? other) =>
        other is not null && Id == other.Id && Text == other.Text && TextLabel == other.TextLabel && Pairs.SequenceEqual(other.Pairs);

    public override int GetHashCode() => HashCode.Combine(Id, Text, TextLabel, Pairs.Count);
}
