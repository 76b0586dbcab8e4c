namespace MreRepro.Domain.Sampling;

/// <summary>Indices chosen by <see cref="FewShotSampler"/>: the training shots and, when requested, the dev shots.</summary>
public sealed record FewShotSelection(IReadOnlyList<int> Train, IReadOnlyList<int> Dev);
