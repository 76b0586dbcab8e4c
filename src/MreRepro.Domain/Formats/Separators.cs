using System.Text;

namespace MreRepro.Domain.Formats;

/// <summary>The separators MRE answers use, in ASCII and full-width form, and the label normalisation that is safe to apply.</summary>
internal static class Separators
{
    public const char Colon = ':';
    public const char Semicolon = ';';
    public const char FullWidthColon = '：';
    public const char FullWidthSemicolon = '；';

    public static bool IsColon(char c) => c is Colon or FullWidthColon;

    public static bool IsSemicolon(char c) => c is Semicolon or FullWidthSemicolon;

    public static bool IsSeparator(char c) => IsColon(c) || IsSemicolon(c);

    /// <summary>NFKC and trim for labels only: labels are a closed vocabulary, so width variants must compare equal; texts and words are never normalised.</summary>
    public static string NormalizeLabel(string label) => label.Normalize(NormalizationForm.FormKC).Trim();

    public static int IndexOfColon(string s, int start = 0) => s.AsSpan(start).IndexOfAny(Colon, FullWidthColon) is var i and >= 0 ? i + start : -1;

    public static int IndexOfSemicolon(string s, int start = 0) => s.AsSpan(start).IndexOfAny(Semicolon, FullWidthSemicolon) is var i and >= 0 ? i + start : -1;
}
