using System.Text.Json;
using MreRepro.Domain.Statistics;
using MreRepro.Stages.Common;
using MreRepro.Stages.Contracts;
using MreRepro.Stages.Definition;
using MreRepro.Stages.Report;

namespace MreRepro.Stages.Tests.Report;

/// <summary>
/// The report reads stage outputs through their typed contracts, and every file it reads is among its deps (else a
/// change there would not rerun it). Runs the assembler on a small workspace written with the same contracts.
/// </summary>
public sealed class ReportInputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mre-report-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Md5(string text) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Should_read_only_files_its_deps_declare_including_the_base_model_config()
    {
        var ctx = Workspace();
        var inputs = new ReportInputs();

        var model = ReportAssembler.Build(ctx, Path.Combine(_root, "figures"), inputs);

        ReportStage.CheckDeclared(ctx, PipelineDefinition.Template(ctx, "report").Deps, inputs.Read);
        Assert.Contains(Path.Combine(_root, "stages", "smoke", "pretrain", "model", "config.json"), inputs.Read);
        // The run facts name each dataset file read, with its md5.
        Assert.Contains(Path.Combine(_root, "data", "generated", "SCNM.jsonl"), inputs.Read);
        Assert.Equal("SCNM: data/generated/SCNM.jsonl (md5 " + Md5("SCNM\n") + "); SCNM-ctrl: data/control/SCNM.jsonl (md5 " + Md5("SCNM-ctrl\n") + ")",
            model.Run.DataFiles);
        // Split stats, evaluate's predictions of four conditions, saliency samples of two, the verbalizers' predictions and the KV's metrics.
        Assert.Equal(ctx.Parameters.Datasets.Count * (1 + 4 + 2 + 2 + 1), inputs.Read.Count(f => f.Contains("/stages/smoke/", StringComparison.Ordinal) && !f.EndsWith("config.json", StringComparison.Ordinal)));
        Assert.Equal(0.5, model.Table3[0].Accuracy.Without.Mean);
        Assert.Equal(0.5, model.Table2[0].F1.Without.Mean);
        Assert.Equal(48.0, model.Run.ModelConfiguration["hidden_size"]);
        Assert.EndsWith("device cpu", model.Run.Hardware, StringComparison.Ordinal);
        Assert.Equal("linear", model.Run.Parameters["finetune.schedule"]);
    }

    [SkippableFact]
    public void Should_mark_the_commit_when_the_checkout_has_uncommitted_changes()
    {
        var ctx = Workspace();
        Skip.IfNot(Git("init", "-q") == 0, "git is not installed");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty");
        Git("add", "params.yaml");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "params");

        var clean = ReportAssembler.Build(ctx, Path.Combine(_root, "figures"), new ReportInputs()).Run.GitCommit;
        File.AppendAllText(Path.Combine(_root, "params.yaml"), "# edited\n");
        var edited = ReportAssembler.Build(ctx, Path.Combine(_root, "figures"), new ReportInputs()).Run.GitCommit;

        Assert.Matches("^[0-9a-f]{40}$", clean);
        Assert.Equal(clean + " (with uncommitted changes: params.yaml)", edited);
    }

    private int Git(params string[] args)
    {
        try
        {
            return TestProcess.Run("git", ["-C", _root, .. args]).Code;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;   // no git on PATH
        }
    }

    [Fact]
    public void Should_fail_when_the_report_reads_a_file_its_deps_do_not_list()
    {
        var ctx = Workspace();
        var undeclared = Path.Combine(_root, "stages", "smoke", "pretrain", "training.json");

        var error = Assert.Throws<StageException>(() => ReportStage.CheckDeclared(ctx, PipelineDefinition.Template(ctx, "report").Deps, [undeclared]));

        Assert.Contains("stages/smoke/pretrain/training.json", error.Message);
    }

    /// <summary>The smoke profile's outputs as the report reads them: two samples per evaluation, two layers of flow.</summary>
    private StageContext Workspace()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "params.yaml"), Path.Combine(_root, "params.yaml"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "data.dvc"), Path.Combine(_root, "data.dvc"));
        var ctx = StageContext.Load(_root, "smoke");
        foreach (var (name, d) in ctx.Parameters.Datasets)
        {
            Write(ctx.Resolve(d.File), name + "\n");
        }
        Write(Path.Combine(ctx.Paths.Pretrain, "model", "config.json"), """{"hidden_size": 48}""");
        var labels = new List<Domain.Statistics.LabelCount> { new("a", 1, 0.5), new("b", 1, 0.5) };
        var part = new SplitStatistics(2, 2, labels, [], [0, 2], 1.0, 0.0, 1.0);
        foreach (var d in ctx.Parameters.Datasets.Keys)
        {
            Json(Path.Combine(ctx.Paths.Split(d), SplitOutput.Stats), new SplitStats(new Table1Row(d, 2, 2), part, part, new DuplicateTexts(0, 0, 0)));
            foreach (var c in new[] { "wl", "tli" })
            {
                Evaluation(ctx, d, c, "word", new SeedMetrics(42, 2, 0, 0.5, 0.5, 0.5, null, null),
                    [Sample("1") with { Gold = "人名;佐藤", Generation = "人名;佐藤", TruePositives = 1, PredictedPairs = 1, GoldPairs = 1 },
                     Sample("2") with { Gold = "地名;京都", Generation = "地名;東京", TruePositives = 0, PredictedPairs = 1, GoldPairs = 1 }]);
            }
            foreach (var c in new[] { "tl", "wli" })
            {
                Evaluation(ctx, d, c, "text", new SeedMetrics(42, 2, 0, null, null, null, 0.5, 0.5),
                    [Sample("1") with { GoldLabel = "a", Parsed = "a", Correct = true }, Sample("2") with { GoldLabel = "b", Parsed = "a", Correct = false }]);
            }
            foreach (var c in new[] { "tli", "wli" })
            {
                var flows = new LayerFlows([0.2, 0.3], [0.5, 0.4], [0.3, 0.3]);
                Json(Path.Combine(ctx.Paths.Saliency(d, c), SaliencyOutput.Summary), new SaliencySummary(d, c, 2, "full", true, 2, flows, flows));
                Lines(Path.Combine(ctx.Paths.Saliency(d, c), SaliencyOutput.Samples),
                    [new SaliencySampleRecord("1", [1, 2, 3], [], [1], 2, 5, null, flows.Swp, flows.Spq, flows.Sww, flows, 42)]);
            }
            foreach (var v in new[] { "manual", "kv" })
            {
                var folder = ctx.Paths.Verbalizer(d, v);
                Json(Path.Combine(folder, VerbalizerOutput.Metrics), new VerbalizerMetrics(d, v, 0.5, 0.5, 2, 2, 2, 1, 0.5, 2, 0));
                Lines(Path.Combine(folder, VerbalizerOutput.Predictions), [new VerbalizerPrediction("1", "a", "a", true), new VerbalizerPrediction("2", "b", "a", false)]);
            }
        }
        return ctx;
    }

    private static SamplePrediction Sample(string id) => new(42, id, "prompt", "gold", "generation", true, null, null, null, null, null, null);

    private static void Evaluation(StageContext ctx, string dataset, string condition, string level, SeedMetrics seed, IReadOnlyList<SamplePrediction> samples)
    {
        var folder = ctx.Paths.Evaluate(dataset, condition);
        Json(Path.Combine(folder, EvaluationOutput.Metrics), EvaluationMetrics.From(dataset, condition, level, [seed]));
        Lines(Path.Combine(folder, EvaluationOutput.Predictions), samples);
    }

    private static void Json<T>(string path, T value) => Write(path, JsonSerializer.Serialize(value, StageJson.Options));

    private static void Lines<T>(string path, IEnumerable<T> values) =>
        Write(path, string.Join("\n", values.Select(v => JsonSerializer.Serialize(v, StageJson.Compact))) + "\n");

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
