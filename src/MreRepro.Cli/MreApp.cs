using System.Runtime.InteropServices;
using MreRepro.Cli.Commands;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Definition;
using MreRepro.Stages.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli;

/// <summary>The `mre` command line: its verbs, and how errors end a run (one line and exit code 1 for a user error).</summary>
public static class MreApp
{
    /// <summary>Runs one command line and returns its exit code; also used for stage commands run inside the engine.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        try
        {
            return Create().Run(args);
        }
        catch (Exception e) when (UserError.IsUserError(e))
        {
            // One unwrapped line on stderr (Spectre would wrap a redirected console at 80 columns).
            Console.Error.WriteLine($"error: {UserError.Message(e)}");
            return 1;
        }
        catch (CommandParseException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
        catch (CommandRuntimeException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// After the engine stopped a stage command that ran in this process, its thread may still be inside LibTorch; a
    /// normal exit would unload LibTorch under it (an abort or segmentation fault instead of the exit code). So the
    /// process ends here, at once, with <paramref name="code"/>, once the console is flushed.
    /// </summary>
    public static void ExitIfStagesRemain(int code)
    {
        if (!InProcessStop.Abandoned || !OperatingSystem.IsLinux())
        {
            return;
        }
        Console.Out.Flush();
        Console.Error.Flush();
        ImmediateExit(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);

    private static CommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("mre");
            config.SetApplicationVersion(typeof(CommonSettings).Assembly.GetName().Version?.ToString() ?? "0");
            config.PropagateExceptions();
            config.AddExample("plan", "--profile", "default", "--json");
            config.AddExample("repro", "finetune@SCNM-tli-42");
            config.AddExample("split", "--input", "my.jsonl", "--train", "1000", "--test", "1000", "--seed", "42", "--out", "out/");

            config.AddCommand<PlanCommand>("plan").WithDescription("Print the stage graph of a profile with each instance's change status (JSON for Cake).");
            config.AddCommand<StatusCommand>("status").WithDescription("List every stage instance, whether it would run, and why (a dry run).");
            config.AddCommand<ReproCommand>("repro").WithDescription("Run one stage instance if it changed (DVC semantics): cache its outputs and write its dvc.lock entry.");
            config.AddCommand<DvcYamlCommand>("dvc-yaml").WithDescription("Write (or check) dvc.yaml from the single pipeline definition.");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Benchmarks that print figures.");
                bench.AddCommand<BenchModelCommand>("model").WithDescription("Forward and forward+backward tokens/s and GFLOP/s, share of this CPU's GEMM peak, TorchSharp vs PyTorch eager (and which BLAS it uses).");
                bench.AddCommand<BenchPipelineCommand>("pipeline").WithDescription("Wall time of a whole profile with --jobs 1 and --jobs N, side by side (each with --force).");
                bench.AddCommand<BenchSaliencyCommand>("saliency").WithDescription("Saliency samples/s and memory against a training step of the same model.");
            });
            config.AddBranch("model", model => { model.SetDescription("Look at, run or compare any supported checkpoint folder (LLaMA-architecture decoder or T5)."); model.AddCommand<ModelInspectCommand>("inspect").WithDescription("Architecture, sizes, dtype, parameters, tokenizer, memory estimates, CUDA, and every refusal; exit 1 if the pipeline cannot use it."); model.AddCommand<ModelGenerateCommand>("generate").WithDescription("Greedy continuation of --prompt or --ids with the key/value cache."); model.AddCommand<ModelForwardCommand>("forward").WithDescription("Write float32 logits and per-layer hidden states for --ids to a safetensors file."); });
            // Stage verbs come from the stage registry; split and report keep commands with options of their own.
            StageVerbs.AddAll(config);
            config.AddCommand<ReportCommand>("report").WithDescription(StageRegistry.Get("report").Summary);
            config.AddCommand<CompareRunsCommand>("compare-runs").WithDescription("Compare the conclusions (every \"k of n\" count) of two runs' reports, e.g. two seed sets; exit 1 if any differs by more than --tolerance.");
            config.AddCommand<SumConclusionsCommand>("sum-conclusions").WithDescription("Sum the conclusions of reports over disjoint datasets (parts of one run, e.g. made pair by pair) into one conclusions.json for compare-runs.");
            config.AddBranch("data", data =>
            {
                data.SetDescription("The default corpus: generate it, or verify it against data.dvc.");
                data.AddCommand<DataGenerateCommand>("generate").WithDescription("Generate the Japanese MRE-mix corpus deterministically and record it in data.dvc.");
                data.AddCommand<DataVerifyCommand>("verify").WithDescription("Check data/ against data.dvc; regenerate it first when absent.");
            });
            config.AddCommand<SplitCommand>("split").WithDescription(StageRegistry.Get("split").Summary);
        });
        return app;
    }
}
