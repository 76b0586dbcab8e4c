namespace MreRepro.Domain.Prompts;

/// <summary>The four fine-tuning conditions of Tables 2 and 3.</summary>
public enum Condition
{
    /// <summary>"wl": text only -> word-level pairs (Table 2, Text only).</summary>
    WordLevel,
    /// <summary>"tli": text + gold text-level label -> word-level pairs (Table 2, Text+TLI).</summary>
    WordLevelWithTli,
    /// <summary>"tl": text only -> text-level label number (Table 3, Text only).</summary>
    TextLevel,
    /// <summary>"wli": text + gold word-level pairs -> text-level label number (Table 3, Text+WLI).</summary>
    TextLevelWithWli,
}

/// <summary>Keys and properties of the conditions.</summary>
public static class Conditions
{
    public static IReadOnlyList<Condition> All { get; } =
        [Condition.WordLevel, Condition.WordLevelWithTli, Condition.TextLevel, Condition.TextLevelWithWli];

    public static string Key(Condition c) => c switch
    {
        Condition.WordLevel => "wl",
        Condition.WordLevelWithTli => "tli",
        Condition.TextLevel => "tl",
        _ => "wli",
    };

    public static Condition Parse(string key) => key switch
    {
        "wl" => Condition.WordLevel,
        "tli" => Condition.WordLevelWithTli,
        "tl" => Condition.TextLevel,
        "wli" => Condition.TextLevelWithWli,
        _ => throw new ArgumentException($"unknown condition '{key}' (expected wl, tli, tl or wli)."),
    };

    public static bool IsWordLevel(Condition c) => c is Condition.WordLevel or Condition.WordLevelWithTli;

    /// <summary>Whether the prompt supplies the other level's gold information.</summary>
    public static bool HasInformation(Condition c) => c is Condition.WordLevelWithTli or Condition.TextLevelWithWli;

    /// <summary>The condition without the supplied information that a condition is compared against.</summary>
    public static Condition Baseline(Condition c) => IsWordLevel(c) ? Condition.WordLevel : Condition.TextLevel;
}
