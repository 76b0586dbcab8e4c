namespace MreRepro.Training.Optimization;

/// <summary>
/// A parameter group with its own learning rate and decay, claiming the trainable parameters whose names match
/// (e.g. KPT's verbalizer weights: a separate lr and no schedule).
/// </summary>
/// <param name="Name">Label used in messages and progress.</param>
/// <param name="Matches">Predicate on the full parameter name; the first matching rule claims a parameter.</param>
/// <param name="LearningRate">Base learning rate of the group.</param>
/// <param name="WeightDecay">Decoupled weight decay of the group.</param>
/// <param name="FollowsSchedule">False keeps the group's lr constant (KPT's verbalizer optimizer has no scheduler).</param>
public sealed record ParameterGroupRule(string Name, Func<string, bool> Matches, double LearningRate, double WeightDecay, bool FollowsSchedule);
