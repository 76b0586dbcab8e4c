namespace MreRepro.Domain.Records;

/// <summary>
/// Offsets in Unicode code points, as Python string indices and the datasets' spans count them (a character outside the
/// Basic Multilingual Plane, such as 𠮷, is one code point but two UTF-16 units in a .NET string).
/// </summary>
public static class CodePoints
{
    /// <summary>The number of code points in <paramref name="s"/>.</summary>
    public static int Length(string s) => Count(s, s.Length);

    /// <summary>The code-point offset of UTF-16 index <paramref name="utf16Index"/> in <paramref name="s"/>.</summary>
    public static int FromUtf16(string s, int utf16Index) => Count(s, utf16Index);

    /// <summary>The UTF-16 index of code point <paramref name="codePoint"/>, or null when it lies outside the string.</summary>
    public static int? ToUtf16(string s, int codePoint)
    {
        if (codePoint < 0)
        {
            return null;
        }

        int index = 0;
        for (int seen = 0; seen < codePoint; seen++)
        {
            if (index >= s.Length)
            {
                return null;
            }

            index += char.IsSurrogatePair(s, index) ? 2 : 1;
        }

        return index <= s.Length ? index : null;
    }

    /// <summary>True when <paramref name="word"/> starts at code point <paramref name="codePoint"/> of <paramref name="text"/>.</summary>
    public static bool OccursAt(string text, int codePoint, string word) =>
        ToUtf16(text, codePoint) is int at && at + word.Length <= text.Length && string.CompareOrdinal(text, at, word, 0, word.Length) == 0;

    private static int Count(string s, int utf16End)
    {
        int count = 0;
        for (int i = 0; i < utf16End; i++)
        {
            if (!(char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])))
            {
                count++;
            }
        }

        return count;
    }
}
