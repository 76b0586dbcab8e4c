namespace MreRepro.Reporting.Formatting;

/// <summary>English number words for counts in prose, as the paper writes them ("five out of six").</summary>
public static class NumberWords
{
    private static readonly string[] s_words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    /// <summary>"five" for 5; digits above twenty, as style guides do.</summary>
    public static string Of(int number) =>
        number >= 0 && number < s_words.Length
            ? s_words[number]
            : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"five out of six".</summary>
    public static string OutOf(int count, int total) => $"{Of(count)} out of {Of(total)}";
}
