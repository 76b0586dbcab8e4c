namespace MreRepro.Models.T5.Tests;

/// <summary>TorchSharp's global seed and threads are shared; these tests run one at a time.</summary>
[CollectionDefinition("NoParallelization", DisableParallelization = true)]
public sealed class NoParallelization;
