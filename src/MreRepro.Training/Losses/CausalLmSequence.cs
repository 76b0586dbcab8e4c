namespace MreRepro.Training.Losses;

/// <summary>One training sequence: prompt followed by answer token ids; positions from <paramref name="AnswerStart"/> on are trained.</summary>
public sealed record CausalLmSequence(IReadOnlyList<long> Ids, int AnswerStart);
