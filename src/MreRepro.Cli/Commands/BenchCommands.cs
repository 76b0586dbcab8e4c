using System.ComponentModel;
using MreRepro.Models.Bench;
using MreRepro.Models.Llama;
using MreRepro.Stages.Common;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre bench model`: TorchSharp vs PyTorch eager throughput for the profile's small decoder.</summary>
public sealed class BenchModelCommand : Command<BenchModelCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--batch <N>")]
        [Description("Sequences per step. Default: 16.")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        [CommandOption("--length <T>")]
        [Description("Tokens per sequence. Default: 64.")]
        [DefaultValue(64)]
        public int Length { get; init; } = 64;

        [CommandOption("--iterations <N>")]
        [Description("Timed iterations after two warm-up ones. Default: 20.")]
        [DefaultValue(20)]
        public int Iterations { get; init; } = 20;

        [CommandOption("--vocab <V>")]
        [Description("Vocabulary size (the default profile's trimmed tokenizer is about this size). Default: 3000.")]
        [DefaultValue(3000)]
        public int Vocab { get; init; } = 3000;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var p = stage.Parameters.Model;
        var config = LlamaConfig.Small(settings.Vocab, p.HiddenSize, p.IntermediateSize, p.Layers, p.Heads, p.KeyValueHeads, p.MaxPositions);
        var threads = Math.Max(1, p.Threads);
        var ours = ModelBenchmark.MeasureTorchSharp(config, settings.Batch, settings.Length, settings.Iterations, threads);
        var script = Path.Combine(AppContext.BaseDirectory, "Bench", "bench_llama.py");
        var (theirs, note) = ModelBenchmark.MeasurePyTorch(script, config, settings.Batch, settings.Length, settings.Iterations, threads);
        var table = new Table().Title($"{stage.Profile} model: hidden {p.HiddenSize}, {p.Layers} layers, {p.Heads} heads, vocab {settings.Vocab}; batch {settings.Batch} × {settings.Length} tokens, {threads} threads")
            .AddColumn("engine").AddColumn("forward tok/s").AddColumn("forward+backward tok/s");
        table.AddRow(ours.Engine, $"{ours.ForwardTokensPerSecond:F0}", $"{ours.TrainTokensPerSecond:F0}");
        if (theirs is not null)
        {
            table.AddRow(theirs.Engine, $"{theirs.ForwardTokensPerSecond:F0}", $"{theirs.TrainTokensPerSecond:F0}");
            table.AddRow("ratio TorchSharp / PyTorch", $"{ours.ForwardTokensPerSecond / theirs.ForwardTokensPerSecond:F2}", $"{ours.TrainTokensPerSecond / theirs.TrainTokensPerSecond:F2}");
        }
        AnsiConsole.Write(table);
        if (note.Length > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{note}[/]");
        }
        return 0;
    }
}

/// <summary>`mre bench saliency`: saliency samples/s vs training steps/s of the same model, and memory over samples.</summary>
public sealed class BenchSaliencyCommand : Command<BenchSaliencyCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--length <T>")]
        [Description("Prompt length in tokens. Default: 64.")]
        [DefaultValue(64)]
        public int Length { get; init; } = 64;

        [CommandOption("--samples <N>")]
        [Description("Saliency samples (and as many training steps). Default: 200.")]
        [DefaultValue(200)]
        public int Samples { get; init; } = 200;

        [CommandOption("--vocab <V>")]
        [Description("Vocabulary size. Default: 3000.")]
        [DefaultValue(3000)]
        public int Vocab { get; init; } = 3000;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var p = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile).Parameters.Model;
        var config = LlamaConfig.Small(settings.Vocab, p.HiddenSize, p.IntermediateSize, p.Layers, p.Heads, p.KeyValueHeads, p.MaxPositions);
        var f = SaliencyBenchmark.Measure(config, settings.Length, settings.Samples, Math.Max(1, p.Threads));
        var table = new Table().Title($"saliency vs training step, hidden {p.HiddenSize}, {p.Layers} layers, {settings.Length} tokens, {settings.Samples} samples")
            .AddColumn("figure").AddColumn("value");
        table.AddRow("saliency samples/s (one forward + one backward each)", $"{f.SamplesPerSecond:F1}");
        table.AddRow("training steps/s (batch 1, same length)", $"{f.TrainStepsPerSecond:F1}");
        table.AddRow("ratio saliency / training step", $"{f.SamplesPerSecond / f.TrainStepsPerSecond:F2}");
        table.AddRow("working set after half the samples", $"{f.WorkingSetAfterFirstHalf / 1048576.0:F0} MiB");
        table.AddRow("working set after all samples", $"{f.WorkingSetAfterAll / 1048576.0:F0} MiB");
        AnsiConsole.Write(table);
        return 0;
    }
}
