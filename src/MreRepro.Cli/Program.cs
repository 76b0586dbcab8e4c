using MreRepro.Cli.Commands;
using MreRepro.Stages.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("mre");
    config.SetApplicationVersion(typeof(CommonSettings).Assembly.GetName().Version?.ToString() ?? "0");
    config.PropagateExceptions();
    config.AddExample("plan", "--profile", "default", "--json");
    config.AddExample("repro", "finetune@SCNM-tli");
    config.AddExample("split", "--input", "my.jsonl", "--train", "1000", "--test", "1000", "--seed", "42", "--out", "out/");

    config.AddCommand<PlanCommand>("plan").WithDescription("Print the stage graph of a profile with each instance's change status (JSON for Cake).");
    config.AddCommand<StatusCommand>("status").WithDescription("List every stage instance, whether it would run, and why (a dry run).");
    config.AddCommand<ReproCommand>("repro").WithDescription("Run one stage instance if it changed (DVC semantics): cache its outputs and write its dvc.lock entry.");
    config.AddCommand<DvcYamlCommand>("dvc-yaml").WithDescription("Write (or check) dvc.yaml from the single pipeline definition.");
    config.AddCommand<T5PretrainCommand>("t5pretrain").WithDescription("Pre-train the small T5 with span corruption on the training texts.");
    config.AddCommand<VerbalizerCommand>("verbalizer").WithDescription("Few-shot T5 prompt classification with a manual or knowledgeable verbalizer (Table 4).");
    config.AddBranch("bench", bench =>
    {
        bench.SetDescription("Benchmarks that print figures.");
        bench.AddCommand<BenchModelCommand>("model").WithDescription("Forward and forward+backward tokens/s and GFLOP/s, share of this CPU's GEMM peak, TorchSharp vs PyTorch eager (and which BLAS it uses).");
        bench.AddCommand<BenchPipelineCommand>("pipeline").WithDescription("Wall time of a whole profile with --jobs 1 and --jobs N, side by side (each with --force).");
        bench.AddCommand<BenchSaliencyCommand>("saliency").WithDescription("Saliency samples/s and memory against a training step of the same model.");
    });
    config.AddCommand<ReportCommand>("report").WithDescription("Render the report (Tables 1-4, Figures 4-5, run facts) from the stage outputs.");
    config.AddBranch("data", data =>
    {
        data.SetDescription("The default corpus: generate it, or verify it against data.dvc.");
        data.AddCommand<DataGenerateCommand>("generate").WithDescription("Generate the Japanese MRE-mix corpus deterministically and record it in data.dvc.");
        data.AddCommand<DataVerifyCommand>("verify").WithDescription("Check data/ against data.dvc; regenerate it first when absent.");
    });
    config.AddCommand<SplitCommand>("split").WithDescription("Draw the train/test split (pandas DataFrame.sample semantics by default) of a dataset.");
    config.AddCommand<PretrainCommand>("pretrain").WithDescription("Train the small LLaMA base model (and its tokenizer) on the unlabelled training texts.");
    config.AddCommand<FineTuneCommand>("finetune").WithDescription("Fine-tune the decoder for one dataset and condition (wl, tli, tl, wli).");
    config.AddCommand<EvaluateCommand>("evaluate").WithDescription("Greedy-decode the test split with a fine-tuned model and score it.");
    config.AddCommand<SaliencyCommand>("saliency").WithDescription("Per-layer saliency information flow S_wp, S_pq, S_ww on a fine-tuned model.");
});

try
{
    return app.Run(args);
}
catch (Exception e) when (UserError.IsUserError(e))
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {UserError.Message(e)}");
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
