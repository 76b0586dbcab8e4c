using System.Text;

namespace MreRepro.Pipeline.Hashing;

/// <summary>Python's string order (by Unicode code point), which UTF-16 ordinal order breaks only above the BMP.</summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA ? 1 : hasB ? -1 : 0;
            }
            var order = a.Current.Value.CompareTo(b.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
