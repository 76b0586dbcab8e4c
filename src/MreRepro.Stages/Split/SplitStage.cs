using System.Text.Json;
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
public sealed record SplitRequest(string Name, string Input, string OutputDir, int Train, int Test, int Seed, SplitMethod Method, bool SkipInvalid);

/// <summary>The split stage: read a dataset, draw train and test rows with the seeded sampler, write them all-or-nothing.</summary>
public static class SplitStage
{
    public static SplitSummary Run(SplitRequest request)
    {
        var read = DatasetReader.Read(request.Input, new ReadOptions { SkipInvalid = request.SkipInvalid });
        var records = read.Records;
        var rows = SplitSampler.Split(records.Count, request.Train, request.Test, request.Seed, request.Method);
        var train = rows.TrainRows.Select(r => records[r]).ToList();
        var test = rows.TestRows.Select(r => records[r]).ToList();

        using var output = StageOutput.Begin(request.OutputDir);
        CanonicalJsonl.Write(output.File("train.jsonl"), train);
        CanonicalJsonl.Write(output.File("test.jsonl"), test);
        var summary = new SplitSummary(
            request.Name,
            Path.GetFileName(request.Input),
            read.Format.ToString(),
            MethodKey(request.Method),
            request.Seed,
            records.Count,
            rows.TrainRows.Select(r => new DrawnRow(r, records[r].Id)).ToList(),
            rows.TestRows.Select(r => new DrawnRow(r, records[r].Id)).ToList(),
            read.Invalid.Count,
            read.PairsNotInText);
        AtomicFile.WriteAllText(output.File("split.json"), JsonSerializer.Serialize(summary, StageJson.Options) + "\n");
        var stats = new SplitStats(DatasetStatistics.Table1(request.Name, train, test), DatasetStatistics.Describe(train), DatasetStatistics.Describe(test));
        AtomicFile.WriteAllText(output.File(SplitOutput.Stats), JsonSerializer.Serialize(stats, StageJson.Options) + "\n");
        AtomicFile.WriteAllLines(output.File("invalid.jsonl"), read.Invalid.Select(i => JsonSerializer.Serialize(
            new { file = i.File, line = i.Line, reason = i.Reason }, StageJson.Compact)));
        output.Commit();
        return summary;
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
}

/// <summary>One drawn sample: its row position in the input file (0-based, data rows only) and its id.</summary>
public sealed record DrawnRow(int Row, string Id);

/// <summary>split.json: everything needed to check the draw against pandas.</summary>
public sealed record SplitSummary(
    string Dataset, string Input, string Format, string Method, int Seed, int Rows,
    IReadOnlyList<DrawnRow> Train, IReadOnlyList<DrawnRow> Test, int InvalidLines, int PairsNotInText);
