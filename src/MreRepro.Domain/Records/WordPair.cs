namespace MreRepro.Domain.Records;

/// <summary>One word-level item: a label and the word or span it labels (for TCREE a relation or event label and its phrase).</summary>
/// <param name="Label">Word-level label, e.g. 人名, positive, or a relation/event type.</param>
/// <param name="Word">The word, entity or phrase as written in the dataset.</param>
/// <param name="Start">Offset of <paramref name="Word"/> in the record text, in Unicode code points (Python string indices), when it occurs there; null otherwise.</param>
public sealed record WordPair(string Label, string Word, int? Start = null)
{
    /// <summary>End offset (exclusive, in code points) in the text, when the word occurs there.</summary>
    public int? End => Start is int s ? s + CodePoints.Length(Word) : null;

    /// <summary>Equality used by scoring: label and word only, offsets ignored.</summary>
    public (string Label, string Word) Key => (Label, Word);
}
