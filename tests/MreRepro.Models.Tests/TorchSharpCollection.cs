namespace MreRepro.Models.Tests;

/// <summary>TorchSharp tests share global state (seed, threads): run them one at a time.</summary>
[CollectionDefinition("TorchSharp", DisableParallelization = true)]
public sealed class TorchSharpCollection;
