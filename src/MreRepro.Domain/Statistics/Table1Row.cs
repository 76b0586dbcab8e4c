namespace MreRepro.Domain.Statistics;

/// <summary>One row of the paper's Table 1: a dataset and the sizes of its train and test splits.</summary>
public sealed record Table1Row(string Dataset, int TrainSize, int TestSize);
