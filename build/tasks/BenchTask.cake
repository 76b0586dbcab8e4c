// Bench: prints model throughput figures (not a test: figures, not pass/fail).

/// <summary>Runs the model benchmark.</summary>
public sealed class BenchTask : PipelineTask
{
    public override string Name => "Bench";
    public override string Description => "Print forward and forward+backward tokens/s (TorchSharp, and PyTorch eager when available).";
    public override IEnumerable<string> DependsOn => new[] { "Build" };

    public override void Run(PipelineContext context)
    {
        if (Mre.Run(context, new[] { "bench", "model" }) != 0)
        {
            throw new CakeException("mre bench model failed.");
        }
    }
}
