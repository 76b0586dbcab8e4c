using System.Text.Json;
using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Domain.Sampling;
using MreRepro.Domain.Statistics;
using MreRepro.Files;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;

namespace MreRepro.Stages.Split;

/// <summary>What to split and how.</summary>
/// <param name="Input">Dataset file in any supported format.</param>
/// <param name="OutputDir">Folder that receives train.jsonl, test.jsonl, split.json, stats.json and invalid.jsonl.</param>
/// <param name="Seed">0..2^32-1, as numpy's RandomState accepts.</param>
/// <param name="Labels">The label inventory lines are checked against, or null for no check.</param>
/// <param name="DropDuplicateTexts">Drop rows whose text repeats an earlier row's before drawing.</param>
public sealed record SplitRequest(
    string Name, string Input, string OutputDir, int Train, int Test, long Seed, SplitMethod Method, bool SkipInvalid,
    LabelInventory? Labels = null, bool DropDuplicateTexts = false);

/// <summary>The split stage: read a dataset, draw train and test rows with the seeded sampler, write them all-or-nothing.</summary>
public static class SplitStage
{
    /// <summary>The files a split writes; a folder holding anything else is not a split output and is never replaced.</summary>
    public static readonly IReadOnlyList<string> OutputFiles = ["train.jsonl", "test.jsonl", "split.json", "stats.json", "invalid.jsonl"];

    public static SplitOutcome Run(SplitRequest request)
    {
        // The output folder is checked and its temporary sibling created first, so a bad --out fails before any reading.
        EnsureReplaceable(request.OutputDir);
        using var output = StageOutput.Begin(request.OutputDir);
        var read = DatasetReader.Read(request.Input, new ReadOptions
        {
            SkipInvalid = request.SkipInvalid,
            KnownTextLabels = request.Labels is { TextLabels.Count: > 0 } t ? t.TextLabels.ToHashSet(StringComparer.Ordinal) : null,
            KnownWordLabels = request.Labels is { WordLabels.Count: > 0 } w ? w.WordLabels.ToHashSet(StringComparer.Ordinal) : null,
        });
        var records = read.Records;
        var rowsInInput = Enumerable.Range(0, records.Count).ToList();
        var repeated = RepeatedTexts(records);
        var pool = request.DropDuplicateTexts ? rowsInInput.Where(r => !repeated.Contains(r)).ToList() : rowsInInput;
        var draw = SplitSampler.Split(pool.Count, request.Train, request.Test, request.Seed, request.Method);
        var trainRows = draw.TrainRows.Select(r => pool[r]).ToList();
        var testRows = draw.TestRows.Select(r => pool[r]).ToList();
        var train = trainRows.Select(r => records[r]).ToList();
        var test = testRows.Select(r => records[r]).ToList();
        var trainTexts = train.Select(r => r.Text).ToHashSet(StringComparer.Ordinal);
        var duplicates = new DuplicateTexts(repeated.Count, test.Count(r => trainTexts.Contains(r.Text)), request.DropDuplicateTexts ? repeated.Count : 0);

        CanonicalJsonl.Write(output.File("train.jsonl"), train);
        CanonicalJsonl.Write(output.File("test.jsonl"), test);
        var summary = new SplitSummary(
            request.Name,
            Path.GetFileName(request.Input),
            read.Format.ToString(),
            MethodKey(request.Method),
            request.Seed,
            pool.Count,
            trainRows.Select(r => new DrawnRow(r, records[r].Id)).ToList(),
            testRows.Select(r => new DrawnRow(r, records[r].Id)).ToList(),
            read.Invalid.Count,
            read.PairsNotInText);
        AtomicFile.WriteAllText(output.File("split.json"), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        var stats = new SplitStats(DatasetStatistics.Table1(request.Name, train, test), DatasetStatistics.Describe(train), DatasetStatistics.Describe(test), duplicates);
        AtomicFile.WriteAllText(output.File(SplitOutput.Stats), JsonSerializer.Serialize(stats, StageJson.Options) + "\n");
        AtomicFile.WriteAllLines(output.File("invalid.jsonl"), read.Invalid.Select(i => JsonSerializer.Serialize(
            new { file = i.File, line = i.Line, reason = i.Reason }, StageJson.Compact)));
        output.Commit();
        return new SplitOutcome(summary, duplicates, read.Invalid, read.Warnings, Path.GetFullPath(request.OutputDir));
    }

    /// <summary>
    /// Refuses an output folder that holds anything a split does not write (the input file, a project, the current folder):
    /// the split replaces the whole folder, and a command may only remove what it created.
    /// </summary>
    public static void EnsureReplaceable(string outputDir)
    {
        var full = StageOutput.FullFolderPath(outputDir);
        if (!Directory.Exists(full))
        {
            return;
        }

        var foreign = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(n => !OutputFiles.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new StageException(
                $"{outputDir}: the folder is not empty and is not the output of an earlier split (it holds {string.Join(", ", foreign.Take(3).Select(n => $"'{n}'"))}{(foreign.Count > 3 ? $" and {foreign.Count - 3} more" : "")}); "
                + "a split replaces its whole output folder, so give a new or empty folder, or delete this one yourself to overwrite it on purpose.");
        }
    }

    public static SplitMethod ParseMethod(string key) => key switch
    {
        "pandas" => SplitMethod.PandasSample,
        "numpy" => SplitMethod.NumpyPermutation,
        "python" => SplitMethod.PythonSample,
        _ => throw new StageException($"unknown split method '{key}' (expected pandas, numpy or python)."),
    };

    private static string MethodKey(SplitMethod method) => method switch
    {
        SplitMethod.PandasSample => "pandas",
        SplitMethod.NumpyPermutation => "numpy",
        _ => "python",
    };

    /// <summary>Rows whose text already occurred on an earlier row (ordinal comparison).</summary>
    private static HashSet<int> RepeatedTexts(IReadOnlyList<MreRecord> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Enumerable.Range(0, records.Count).Where(r => !seen.Add(records[r].Text)).ToHashSet();
    }
}

/// <summary>One drawn sample: its row position among the file's valid records (0-based) and its id.</summary>
public sealed record DrawnRow(int Row, string Id);

/// <summary>split.json: everything needed to check the draw against pandas.</summary>
public sealed record SplitSummary(
    string Dataset, string Input, string Format, string Method, long Seed, int Rows,
    IReadOnlyList<DrawnRow> Train, IReadOnlyList<DrawnRow> Test, int InvalidLines, int PairsNotInText);


/// <summary>What a split did, for the command's report: the summary, duplicates, skipped lines and warnings.</summary>
public sealed record SplitOutcome(
    SplitSummary Summary, DuplicateTexts Duplicates, IReadOnlyList<InvalidLine> Invalid, IReadOnlyList<DatasetWarning> Warnings, string OutputDir);
