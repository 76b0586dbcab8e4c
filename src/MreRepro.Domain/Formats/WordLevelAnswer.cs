using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>A parsed word-level answer: the pairs in order (duplicates kept), whether the whole string parsed, and the first problem if not.</summary>
/// <param name="Ok">True when every item parsed (an explicit 無い gives Ok with no pairs).</param>
/// <param name="Pairs">Every well-formed pair found, also when <paramref name="Ok"/> is false; Start is always null here.</param>
/// <param name="Error">The first problem, null when <paramref name="Ok"/>.</param>
public sealed record WordLevelAnswer(bool Ok, IReadOnlyList<WordPair> Pairs, string? Error)
{
    public bool Equals(WordLevelAnswer? other) =>
        other is not null && Ok == other.Ok && Error == other.Error && Pairs.SequenceEqual(other.Pairs);

    public override int GetHashCode() => HashCode.Combine(Ok, Error, Pairs.Count);
}
