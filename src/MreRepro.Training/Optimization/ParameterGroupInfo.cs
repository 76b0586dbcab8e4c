namespace MreRepro.Training.Optimization;

/// <summary>One optimizer parameter group as planned: its parameter names, base lr, decay and whether the schedule scales it.</summary>
public sealed record ParameterGroupInfo(string Name, IReadOnlyList<string> ParameterNames, double BaseLearningRate, double WeightDecay, bool FollowsSchedule);
