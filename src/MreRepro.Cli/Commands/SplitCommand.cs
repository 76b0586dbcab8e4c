using System.ComponentModel;
using MreRepro.Domain.Corpus;
using MreRepro.Stages.Common;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.Split;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre split`: the stage (--dataset, parameters from params.yaml) or any file (--input ... --out ...).</summary>
public sealed class SplitCommand : Command<SplitCommand.Settings>
{
    private const int ListedLines = 5;

    public sealed class Settings : CommonSettings
    {
        [CommandOption("--dataset <NAME>")]
        [Description("Stage mode: split this dataset of the profile (file, sizes, seed, method and labels from params.yaml).")]
        public string? Dataset { get; init; }

        [CommandOption("--input <FILE>")]
        [Description("File mode: any supported dataset file (MMM JSON/JSONL, SLG CSV, canonical JSONL, Stockmark ner.json).")]
        public string? Input { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("File mode: output folder (train.jsonl, test.jsonl, split.json with row positions and ids in draw order, stats.json, invalid.jsonl). Must be new, empty, or an earlier split's output.")]
        public string? Out { get; init; }

        // Numbers are read as text so that a bad value is reported with the option's name (exit 1), not as a type error.
        [CommandOption("--train <N>")]
        [Description("File mode: number of training samples (paper: 1000).")]
        [DefaultValue("1000")]
        public string Train { get; init; } = "1000";

        [CommandOption("--test <M>")]
        [Description("File mode: number of test samples, drawn from the remaining rows (paper: 1000).")]
        [DefaultValue("1000")]
        public string Test { get; init; } = "1000";

        [CommandOption("--seed <SEED>")]
        [Description("File mode: random seed, 0 to 4294967295 as pandas/numpy accept (paper: 42).")]
        [DefaultValue("42")]
        public string Seed { get; init; } = "42";

        [CommandOption("--method <METHOD>")]
        [Description("File mode: pandas (DataFrame.sample twice, default), numpy (permutation, sklearn train_test_split) or python (random.sample).")]
        [DefaultValue("pandas")]
        public string Method { get; init; } = "pandas";

        [CommandOption("--paper <NAME>")]
        [Description("File mode: check labels against this paper dataset's built-in inventory (SCNM, SCPOS-RW, SCPOS-N, SCPOS-Adj, SCPOS-NAdj, TCREE).")]
        public string? Paper { get; init; }

        [CommandOption("--text-labels <LIST>")]
        [Description("File mode: comma-separated text-level label inventory (overrides --paper's).")]
        public string? TextLabels { get; init; }

        [CommandOption("--word-labels <LIST>")]
        [Description("File mode: comma-separated word-level label inventory (overrides --paper's).")]
        public string? WordLabels { get; init; }

        [CommandOption("--skip-invalid")]
        [Description("Drop malformed lines and labels outside the inventory (counted and listed in invalid.jsonl) instead of stopping at the first one. The draw then differs from pandas on the raw file.")]
        public bool SkipInvalid { get; init; }

        [CommandOption("--drop-duplicate-texts")]
        [Description("File mode: drop rows whose text repeats an earlier row's before drawing (off by default, so the draw matches pandas on the file).")]
        public bool DropDuplicateTexts { get; init; }

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
                p.Train, p.Test, p.Seed, SplitStage.ParseMethod(p.Method), dataset.SkipInvalid, DatasetInventory.For(dataset), dataset.DropDuplicateTexts);
        }
        else
        {
            request = new SplitRequest(Path.GetFileNameWithoutExtension(settings.Input!), settings.Input!, settings.Out!,
                Count("--train", settings.Train), Count("--test", settings.Test), Seed(settings.Seed), SplitStage.ParseMethod(settings.Method),
                settings.SkipInvalid, Inventory(settings), settings.DropDuplicateTexts);
        }
        Report(SplitStage.Run(request), request);
        return 0;
    }

    private static void Report(SplitOutcome outcome, SplitRequest request)
    {
        var summary = outcome.Summary;
        // Plain lines, not Spectre markup: a redirected console would wrap them at 80 columns and split the file:line lists.
        Console.WriteLine(
            $"split {summary.Dataset}: {summary.Rows} rows ({summary.Format}) -> {summary.Train.Count} train, {summary.Test.Count} test ({summary.Method}, seed {summary.Seed}) -> {outcome.OutputDir}");
        if (request.Labels is null)
        {
            Console.WriteLine("note: no label inventory, so labels were not checked (give --paper NAME or --text-labels/--word-labels, or labels: in params.yaml).");
        }
        if (outcome.Invalid.Count > 0)
        {
            Warn($"{outcome.Invalid.Count} invalid line(s) skipped, listed in invalid.jsonl: {Listed(outcome.Invalid.Select(i => i.ToString()), outcome.Invalid.Count)}. "
                + "The draw is over the remaining rows, so it differs from pandas on the raw file.");
        }
        var missing = outcome.Warnings.Where(w => w.Kind == Domain.Formats.DatasetWarningKind.WordNotInText).ToList();
        if (missing.Count > 0)
        {
            Warn($"{missing.Count} word(s) do not occur in their text and are kept with no offset: {Listed(missing.Select(w => w.ToString()), missing.Count)}.");
        }
        foreach (var header in outcome.Warnings.Where(w => w.Kind == Domain.Formats.DatasetWarningKind.HeaderSkipped))
        {
            Console.WriteLine($"note: {header}");
        }
        var duplicates = outcome.Duplicates;
        if (duplicates.Dropped > 0)
        {
            Warn($"{duplicates.Dropped} row(s) repeating an earlier row's text were dropped before drawing, so the draw differs from pandas on the file.");
        }
        else if (duplicates.RepeatedInInput > 0)
        {
            Warn($"{duplicates.RepeatedInInput} row(s) repeat an earlier row's text and {duplicates.TestInTrain} test text(s) also occur in train "
                + "(counted in stats.json; drop_duplicate_texts: true in params.yaml or --drop-duplicate-texts drops them before drawing).");
        }
    }

    private static void Warn(string message) => Console.WriteLine($"warning: {message}");

    private static string Listed(IEnumerable<string> items, int count) =>
        string.Join("; ", items.Take(ListedLines)) + (count > ListedLines ? $"; … ({count - ListedLines} more)" : "");

    private static Domain.Corpus.LabelInventory? Inventory(Settings settings)
    {
        LabelInventory? builtIn = null;
        if (!string.IsNullOrEmpty(settings.Paper))
        {
            builtIn = DatasetNames.TryParse(settings.Paper, out var kind)
                ? LabelInventory.For(kind)
                : throw new StageException($"--paper: '{settings.Paper}' is not a paper dataset (SCNM, SCPOS-RW, SCPOS-N, SCPOS-Adj, SCPOS-NAdj, TCREE).");
        }
        var text = List(settings.TextLabels) ?? builtIn?.TextLabels;
        var word = List(settings.WordLabels) ?? builtIn?.WordLabels;
        return text is null && word is null ? null : new LabelInventory(text ?? [], word ?? []);
    }

    private static IReadOnlyList<string>? List(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static int Count(string option, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new StageException($"{option}: '{value}' is not a whole number of samples (0 to {int.MaxValue}).");

    private static long Seed(string value) =>
        uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new StageException($"--seed: '{value}' is not a seed; pandas and numpy take whole numbers from 0 to {uint.MaxValue}.");
}
