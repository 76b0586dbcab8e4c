using MreRepro.Domain.Records;

namespace MreRepro.Domain.Formats;

/// <summary>
/// Gives each word-level string its offset in the text, in Unicode code points (see <see cref="CodePoints"/>). Rule: the first ordinal occurrence at or after the
/// previous located pair's start that is not already taken by an earlier pair with the same word; if there is none, the first
/// untaken occurrence anywhere (datasets do not always list words in text order); then any occurrence; else null.
/// </summary>
internal static class WordLocator
{
    public static IReadOnlyList<WordPair> Locate(string text, IReadOnlyList<WordPair> pairs)
    {
        var located = new List<WordPair>(pairs.Count);
        var taken = new HashSet<(int Start, string Word)>();
        int cursor = 0;
        foreach (var pair in pairs)
        {
            int? start = pair.Word.Length == 0 ? null : Find(text, pair.Word, cursor, taken) ?? Find(text, pair.Word, 0, taken) ?? IndexOf(text, pair.Word, 0);
            if (start is int s)
            {
                taken.Add((s, pair.Word));
                cursor = s;
            }

            located.Add(pair with { Start = start is int at ? CodePoints.FromUtf16(text, at) : null });
        }

        return located;
    }

    private static int? Find(string text, string word, int from, HashSet<(int, string)> taken)
    {
        for (int? at = IndexOf(text, word, from); at is int i; at = IndexOf(text, word, i + 1))
        {
            if (!taken.Contains((i, word)))
            {
                return i;
            }
        }

        return null;
    }

    private static int? IndexOf(string text, string word, int from) =>
        from <= text.Length && text.IndexOf(word, from, StringComparison.Ordinal) is var i and >= 0 ? i : null;
}
