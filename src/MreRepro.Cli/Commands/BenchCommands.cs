using System.ComponentModel;
using MreRepro.Models.Bench;
using MreRepro.Models.Llama;
using MreRepro.Pipeline.Execution;
using MreRepro.Pipeline.Repro;
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
        var peak = ModelBenchmark.MeasureGemmPeak(threads);
        var script = Path.Combine(AppContext.BaseDirectory, "Bench", "bench_llama.py");
        var (theirs, note) = ModelBenchmark.MeasurePyTorch(script, config, settings.Batch, settings.Length, settings.Iterations, threads);
        var flops = ModelBenchmark.ForwardFlopsPerToken(config, settings.Length);
        string Gflops(double tokensPerSecond, double passes) => $"{tokensPerSecond * flops * passes / 1e9:F1}";
        string Share(double tokensPerSecond, double passes) => $"{100 * tokensPerSecond * flops * passes / 1e9 / peak:F0}%";

        var table = new Table().Title($"{stage.Profile} model: hidden {p.HiddenSize}, {p.Layers} layers, {p.Heads} heads, vocab {settings.Vocab}; batch {settings.Batch} × {settings.Length} tokens, {threads} threads")
            .AddColumn("engine").AddColumn("fwd tok/s").AddColumn("fwd GFLOP/s").AddColumn("fwd+bwd tok/s")
            .AddColumn("fwd+bwd GFLOP/s").AddColumn("fwd+bwd % of GEMM peak");
        table.AddRow(ours.Engine, $"{ours.ForwardTokensPerSecond:F0}", Gflops(ours.ForwardTokensPerSecond, 1), $"{ours.TrainTokensPerSecond:F0}",
            Gflops(ours.TrainTokensPerSecond, 3), Share(ours.TrainTokensPerSecond, 3));
        if (theirs is not null)
        {
            var t = theirs.Throughput;
            table.AddRow(t.Engine, $"{t.ForwardTokensPerSecond:F0}", Gflops(t.ForwardTokensPerSecond, 1), $"{t.TrainTokensPerSecond:F0}",
                Gflops(t.TrainTokensPerSecond, 3), Share(t.TrainTokensPerSecond, 3));
            table.AddRow("ratio TorchSharp / PyTorch", $"{ours.ForwardTokensPerSecond / t.ForwardTokensPerSecond:F2}", "",
                $"{ours.TrainTokensPerSecond / t.TrainTokensPerSecond:F2}", "", "");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"GEMM peak of this CPU (fp32 2048×2048 matmul, LibTorch, {threads} threads, best of 5): {peak:F1} GFLOP/s. FLOPs counted: {flops / 1e6:F2} MFLOP per token forward (projections, attention, LM head); a training step counts 3×.");
        if (theirs is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"PyTorch (python3-torch) runs on the BLAS it loaded: {theirs.Blas}; its fp32 2048×2048 matmul: {theirs.GemmGflops?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} GFLOP/s.");
            if (theirs.ReferenceBlas)
            {
                AnsiConsole.MarkupLine("[yellow]That is Debian's reference BLAS, far slower than an optimised one, so the ratio above flatters TorchSharp. "
                    + "For a fair comparison: apt-get install libopenblas0-pthread (it becomes the libblas.so.3 alternative), then run this again.[/]");
            }
        }
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

/// <summary>
/// `mre bench pipeline`: the wall time of a whole profile with one job and with N jobs, one after the other on this
/// machine (each run with --force, so every instance recomputes; the outputs come out byte-identical).
/// </summary>
public sealed class BenchPipelineCommand : Command<BenchPipelineCommand.Settings>
{
    /// <summary>The ways a run can go: a process per stage command, stage commands in the engine, several jobs.</summary>
    private static readonly string[] AllModes = ["isolated", "in-process", "jobs"];

    public sealed class Settings : CommonSettings
    {
        [CommandOption("--jobs <N>")]
        [Description("The concurrent run's job count. Default: cores / model.threads, at least 2.")]
        public int? Jobs { get; init; }

        [CommandOption("--modes <LIST>")]
        [Description("Runs to time, in order, comma-separated: isolated (--jobs 1 --isolate: a process per stage command, as DVC), in-process (--jobs 1: the stage verbs inside the engine), jobs (--jobs N). Default: all three.")]
        public string Modes { get; init; } = string.Join(",", AllModes);

        public IReadOnlyList<string> ModeList => Modes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override ValidationResult Validate() =>
            Jobs is < 2 ? ValidationResult.Error("--jobs must be at least 2 (the comparison is with one job).")
            : ModeList.Count == 0 || ModeList.Any(m => !AllModes.Contains(m)) ? ValidationResult.Error($"--modes takes {string.Join(", ", AllModes)}, comma-separated (got '{Modes}').")
            : ValidationResult.Success();
    }

    private sealed record Timed(string Mode, int Code, double Seconds, string Load, IReadOnlyList<StageOutcome> Outcomes);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
        var threads = Math.Max(1, stage.Parameters.Model.Threads);
        var jobs = settings.Jobs ?? Math.Max(2, Environment.ProcessorCount / threads);
        AnsiConsole.MarkupLineInterpolated($"Timing the {stage.Profile} profile, {string.Join(", then ", settings.ModeList)} ({Environment.ProcessorCount} cores, model.threads {threads}); every instance runs once per mode (--force).");
        var runs = new List<Timed>();
        foreach (var mode in settings.ModeList)
        {
            var log = Path.Combine(stage.Root, ".dvc", "tmp", $"bench-pipeline-{stage.Profile}-{mode}.log");
            var result = Path.Combine(stage.Root, ".dvc", "tmp", $"bench-pipeline-{stage.Profile}-{mode}.json");
            var flags = mode switch { "isolated" => ["--jobs", "1", "--isolate"], "in-process" => ["--jobs", "1"], _ => new[] { "--jobs", $"{jobs}" } };
            var before = LoadAverage();
            var (code, seconds) = Time(stage.Root, settings, [.. flags, "--result", result], log, cancellationToken);
            runs.Add(new Timed(mode, code, seconds, $"{before} → {LoadAverage()}", JobResult.ReadAll(result)));
            if (code != 0 || cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        AnsiConsole.Write(Overall(stage, runs, jobs));
        AnsiConsole.Write(PerStage(runs));
        return runs.All(r => r.Code == 0) ? 0 : 1;
    }

    private static Table Overall(StageContext stage, IReadOnlyList<Timed> runs, int jobs)
    {
        var table = new Table().Title($"{stage.Profile} profile, whole pipeline with --force").AddColumn("mode")
            .AddColumn(new TableColumn("wall").RightAligned()).AddColumn(new TableColumn("speed-up").RightAligned())
            .AddColumn("load average (1 min), start → end").AddColumn("result").AddColumn("output");
        foreach (var run in runs)
        {
            var name = run.Mode == "jobs" ? $"{jobs} jobs" : $"1 job, {run.Mode}";
            table.AddRow(name, $"{TimeSpan.FromSeconds(run.Seconds):m\\:ss}", $"{runs[0].Seconds / run.Seconds:F2}×", run.Load,
                run.Code == 0 ? "[green]completed[/]" : $"[red]exit code {run.Code}[/]",
                Markup.Escape(Path.GetRelativePath(stage.Root, Path.Combine(stage.Root, ".dvc", "tmp", $"bench-pipeline-{stage.Profile}-{run.Mode}.log"))));
        }
        return table;
    }

    // Seconds per stage, summed over its instances as the engine timed them (command, hashing and caching included),
    // and what running the stage verbs inside the engine saved per instance: the fixed cost of a process per command.
    private static Table PerStage(IReadOnlyList<Timed> runs)
    {
        var table = new Table().Title("per stage: seconds summed over its instances").AddColumn("stage").AddColumn(new TableColumn("instances").RightAligned());
        foreach (var run in runs)
        {
            table.AddColumn(new TableColumn(run.Mode).RightAligned());
        }
        var isolated = runs.FirstOrDefault(r => r.Mode == "isolated");
        var inProcess = runs.FirstOrDefault(r => r.Mode == "in-process");
        var saving = isolated is not null && inProcess is not null;
        if (saving)
        {
            table.AddColumn(new TableColumn("saved per instance").RightAligned());
        }
        var stages = runs.SelectMany(r => r.Outcomes).Select(o => StageOf(o.Name)).Distinct().ToList();
        foreach (var name in stages.Append("all"))
        {
            bool Of(StageOutcome o) => name == "all" || StageOf(o.Name) == name;
            var count = runs[0].Outcomes.Count(Of);
            var cells = new List<string> { name, $"{count}" };
            cells.AddRange(runs.Select(r => $"{r.Outcomes.Where(Of).Sum(o => o.Seconds):F1}"));
            if (saving)
            {
                var saved = isolated!.Outcomes.Where(Of).Sum(o => o.Seconds) - inProcess!.Outcomes.Where(Of).Sum(o => o.Seconds);
                cells.Add(count == 0 ? "" : $"{saved / count:F2} s");
            }
            table.AddRow(cells.Select(c => Markup.Escape(c)).ToArray());
        }
        return table;
    }

    private static string StageOf(string instance) => instance.Split('@')[0];

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static (int Code, double Seconds) Time(string root, Settings settings, IReadOnlyList<string> flags, string log, CancellationToken cancel)
    {
        var launcher = Path.Combine(root, "build", "mre");
        var start = File.Exists(launcher)
            ? new System.Diagnostics.ProcessStartInfo(launcher)
            : new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "mre.dll") } };
        foreach (var a in new[] { "repro", "--all", "--force", "--profile", settings.Profile, "--params", settings.ParamsFile, "--root", root, "--executor", "local" }.Concat(flags))
        {
            start.ArgumentList.Add(a);
        }
        start.WorkingDirectory = root;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        using var output = new StreamWriter(log);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.WaitForExitAsync(cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.WaitForExit();
        return (process.ExitCode, clock.Elapsed.TotalSeconds);
    }
}
