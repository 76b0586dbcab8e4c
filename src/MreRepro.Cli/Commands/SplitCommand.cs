using System.ComponentModel;
using MreRepro.Stages.Common;
using MreRepro.Stages.Split;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre split`: the stage (--dataset, parameters from params.yaml) or any file (--input ... --out ...).</summary>
public sealed class SplitCommand : Command<SplitCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--dataset <NAME>")]
        [Description("Stage mode: split this dataset of the profile (file, sizes, seed and method from params.yaml).")]
        public string? Dataset { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("File mode: any supported dataset file (MMM JSON/JSONL, SLG CSV, canonical JSONL, Stockmark ner.json).")]
        public string? Input { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("File mode: output folder (train.jsonl, test.jsonl, split.json with row positions and ids in draw order, stats.json, invalid.jsonl).")]
        public string? Out { get; init; }

        [CommandOption("--train <N>")]
        [Description("File mode: number of training samples (paper: 1000).")]
        [DefaultValue(1000)]
        public int Train { get; init; } = 1000;

        [CommandOption("--test <M>")]
        [Description("File mode: number of test samples, drawn from the remaining rows (paper: 1000).")]
        [DefaultValue(1000)]
        public int Test { get; init; } = 1000;

        [CommandOption("--seed <SEED>")]
        [Description("File mode: random seed (paper: 42).")]
        [DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--method <METHOD>")]
        [Description("File mode: pandas (DataFrame.sample twice, default), numpy (permutation, sklearn train_test_split) or python (random.sample).")]
        [DefaultValue("pandas")]
        public string Method { get; init; } = "pandas";

        [CommandOption("--skip-invalid")]
        [Description("Drop malformed lines (counted and listed in invalid.jsonl) instead of stopping at the first one.")]
        public bool SkipInvalid { get; init; }

        public override ValidationResult Validate()
        {
            var stageMode = !string.IsNullOrEmpty(Dataset);
            var fileMode = !string.IsNullOrEmpty(Input) || !string.IsNullOrEmpty(Out);
            if (stageMode == fileMode)
            {
                return ValidationResult.Error("give either --dataset NAME (stage mode) or --input FILE --out DIR (file mode).");
            }
            if (fileMode && (string.IsNullOrEmpty(Input) || string.IsNullOrEmpty(Out)))
            {
                return ValidationResult.Error("file mode needs both --input FILE and --out DIR.");
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SplitRequest request;
        if (!string.IsNullOrEmpty(settings.Dataset))
        {
            var stage = StageContext.Load(settings.Root, settings.Profile, settings.ParamsFile);
            var dataset = stage.Dataset(settings.Dataset);
            var p = stage.Parameters.Split;
            request = new SplitRequest(settings.Dataset, stage.Resolve(dataset.File), stage.Paths.Split(settings.Dataset),
                p.Train, p.Test, p.Seed, SplitStage.ParseMethod(p.Method), dataset.SkipInvalid);
        }
        else
        {
            request = new SplitRequest(Path.GetFileNameWithoutExtension(settings.Input!), settings.Input!, settings.Out!,
                settings.Train, settings.Test, settings.Seed, SplitStage.ParseMethod(settings.Method), settings.SkipInvalid);
        }
        var summary = SplitStage.Run(request);
        AnsiConsole.MarkupLineInterpolated(
            $"split [bold]{summary.Dataset}[/]: {summary.Rows} rows ({summary.Format}) -> {summary.Train.Count} train, {summary.Test.Count} test ({summary.Method}, seed {summary.Seed}); {summary.InvalidLines} invalid line(s) skipped -> {request.OutputDir}");
        return 0;
    }
}
