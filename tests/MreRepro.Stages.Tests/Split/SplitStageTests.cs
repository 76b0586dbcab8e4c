using System.Text.Json;
using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Domain.Records;
using MreRepro.Domain.Sampling;
using MreRepro.Stages.Datasets;
using MreRepro.Stages.Parameters;
using MreRepro.Stages.Split;

namespace MreRepro.Stages.Tests.Split;

/// <summary>The split stage's input checks: label inventories, duplicate texts across train and test, skipped lines.</summary>
public sealed class SplitStageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("mre-splitstage-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Should_stop_on_a_label_outside_the_built_in_inventory_naming_file_line_and_label()
    {
        var input = Write("scnm.jsonl", Record("a", "佐藤が来た。", "社会", "人名"), Record("b", "鈴木が来た。", "Literature", "人名"), Record("c", "田中が来た。", "文芸", "人名"));
        var request = Request(input, DatasetInventory.For(new DatasetParameters { Paper = "SCNM" }));

        var error = Assert.Throws<DatasetFormatException>(() => SplitStage.Run(request));

        Assert.Equal($"{input}:2: text-level label 'Literature' is not in the dataset's inventory (学問, 技術, 文芸, 社会, 自然) (the only invalid line; to drop and list them instead, pass --skip-invalid or set skip_invalid: true for the dataset in params.yaml)", error.Message);
        Assert.False(Directory.Exists(request.OutputDir));
    }

    [Fact]
    public void Should_count_and_list_a_stray_label_with_skip_invalid()
    {
        var input = Write("scnm.jsonl", Record("a", "佐藤が来た。", "社会", "人名"), Record("b", "鈴木が来た。", "社会", "会社"), Record("c", "田中が来た。", "文芸", "人名"));
        var request = Request(input, DatasetInventory.For(new DatasetParameters { Paper = "SCNM" })) with { SkipInvalid = true, Train = 1, Test = 1 };

        var outcome = SplitStage.Run(request);

        Assert.Equal(1, outcome.Summary.InvalidLines);
        var listed = Assert.Single(File.ReadAllLines(Path.Combine(request.OutputDir, "invalid.jsonl")));
        Assert.Contains("\"line\":2", listed);
        Assert.Contains("word-level label '会社'", listed);
    }

    [Fact]
    public void Should_use_declared_labels_for_the_check_and_the_prompt_order()
    {
        var dataset = new DatasetParameters { Paper = "TCREE", Labels = new DatasetLabelParameters { Text = ["政治", "経済"] } };
        var records = new[] { new MreRecord("a", "x", "経済", []), new MreRecord("b", "y", "政治", []) };

        var inventory = DatasetInventory.For(dataset)!;

        Assert.Equal(["政治", "経済"], DatasetLabels.TextLabels(dataset, records));
        Assert.Equal(LabelInventory.For(DatasetKind.Tcree).WordLabels, inventory.WordLabels);
        Assert.Throws<MreRepro.Stages.Common.StageException>(() => DatasetLabels.TextLabels(dataset, [new MreRecord("c", "z", "科学", [])]));
    }

    [Fact]
    public void Should_count_duplicate_texts_and_drop_them_only_when_asked()
    {
        var lines = Enumerable.Range(0, 40).Select(i => Record($"r{i}", $"同じ文{i % 10}。", "社会", "人名")).ToArray();
        var input = Write("dups.jsonl", lines);

        var kept = SplitStage.Run(Request(input, null) with { Train = 10, Test = 10 });
        var dropped = SplitStage.Run(Request(input, null) with { OutputDir = Path.Combine(_work, "out2"), Train = 5, Test = 5, DropDuplicateTexts = true });

        Assert.Equal(30, kept.Duplicates.RepeatedInInput);
        Assert.True(kept.Duplicates.TestInTrain > 0);
        Assert.Equal(SplitSampler.Split(40, 10, 10, 42).TrainRows, kept.Summary.Train.Select(r => r.Row));
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work, "out", "stats.json")));
        Assert.Equal(kept.Duplicates.TestInTrain, stats.RootElement.GetProperty("duplicate_texts").GetProperty("test_in_train").GetInt32());
        Assert.Equal((30, 0, 10), (dropped.Duplicates.Dropped, dropped.Duplicates.TestInTrain, dropped.Summary.Rows));
        Assert.All(dropped.Summary.Train.Concat(dropped.Summary.Test), r => Assert.InRange(r.Row, 0, 9));
    }

    private SplitRequest Request(string input, LabelInventory? labels) =>
        new("x", input, Path.Combine(_work, "out"), 1, 1, 42, SplitMethod.PandasSample, SkipInvalid: false, labels);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static string Record(string id, string text, string textLabel, string wordLabel) =>
        $"{{\"id\":\"{id}\",\"text\":\"{text}\",\"text_label\":\"{textLabel}\",\"pairs\":[{{\"label\":\"{wordLabel}\",\"word\":\"{text[..2]}\",\"start\":0}}]}}";
}
