namespace MreRepro.Domain.Statistics;

/// <summary>Label distributions of one record list at the text level and the word level.</summary>
/// <param name="Records">Number of texts.</param>
/// <param name="Pairs">Number of word-level pairs over all texts (duplicates counted).</param>
/// <param name="TextLabels">Text-level label counts, most frequent first, ties by label (ordinal).</param>
/// <param name="WordLabels">Word-level label counts, most frequent first, ties by label (ordinal).</param>
/// <param name="PairsPerTextHistogram">Entry k is the number of texts with exactly k pairs.</param>
/// <param name="MeanPairsPerText">Mean pairs per text; null for an empty list.</param>
/// <param name="ShareWithNoPairs">Share of texts with no pairs (無い); null for an empty list.</param>
/// <param name="ShareWordsFoundInText">Share of pairs whose word occurs in its text (Start set); null when there are no pairs.</param>
public sealed record SplitStatistics(
    int Records,
    int Pairs,
    IReadOnlyList<LabelCount> TextLabels,
    IReadOnlyList<LabelCount> WordLabels,
    IReadOnlyList<int> PairsPerTextHistogram,
    double? MeanPairsPerText,
    double? ShareWithNoPairs,
    double? ShareWordsFoundInText);
