using System.Text.Json;
using System.Text.RegularExpressions;
using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Repro;
using SkiaSharp;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// The whole smoke profile through the engine and the real CLI. Float training is bit-identical on one CPU type only
/// (AVX-512 and AVX2 machines differ), so exact scores are not snapshot-tested: the tests assert properties a broken
/// pipeline would violate (the planted data is learnt, flows are non-zero where they must be, KV differs from the
/// manual verbalizer), snapshot what holds on every machine (Table 1, the tables' layout, those properties), check
/// the figures and links, and check that two runs on this machine give identical outputs.
/// </summary>
[Collection(SmokeCollection.Name)]
public sealed class SmokePipelineTests(SmokeRun run)
{
    [SkippableFact]
    public void Should_run_every_stage_then_skip_all_and_rerun_exactly_the_dependants_of_a_changed_parameter()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);
        Assert.True(run.FirstRun.Count > 0, "the first run wrote no outcomes:\n" + run.FirstRunOutput);
        Assert.All(run.FirstRun, o => Assert.True(o.Kind == OutcomeKind.Ran, $"{o.Name}: {o.Kind} {string.Join("; ", o.Reasons)}"));
        Assert.Contains(run.FirstRun, o => o.Name == "report");
        var tables = Tables();

        Assert.All(SmokeRun.RunAll(run.Root), o => Assert.Equal(OutcomeKind.Skipped, o.Kind));

        run.Workspace.ReplaceInParams("  saliency:\n    samples: 8\n", "  saliency:\n    samples: 6\n");
        var changed = SmokeRun.RunAll(run.Root);
        run.Workspace.ReplaceInParams("  saliency:\n    samples: 6\n", "  saliency:\n    samples: 8\n");
        var back = SmokeRun.RunAll(run.Root);

        string[] dependants = ["report", "saliency@SCNM-ctrl-tli", "saliency@SCNM-ctrl-wli", "saliency@SCNM-tli", "saliency@SCNM-wli"];
        Assert.Equal(dependants, changed.Where(o => o.Kind == OutcomeKind.Ran).Select(o => o.Name).Order(StringComparer.Ordinal));
        // Changed back, the same instances are out of date again (dvc.lock records the 6-sample run), and the run cache
        // gives back the first run's outputs without running anything (DVC's run-cache), hence the first tables.
        Assert.Equal(dependants, back.Where(o => o.Kind != OutcomeKind.Skipped).Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(back.Where(o => o.Kind != OutcomeKind.Skipped), o => Assert.True(o.Kind == OutcomeKind.Restored, $"{o.Name}: {o.Kind} {string.Join("; ", o.Reasons)}"));
        Assert.DoesNotContain(back, o => o.Kind == OutcomeKind.Failed);
        Assert.Equal(tables, Tables());
    }

    [SkippableFact]
    public void Should_learn_the_planted_data_with_non_zero_flows_and_a_knowledgeable_verbalizer_of_its_own()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);

        var failed = SmokeProperties.Read(run).Where(p => !p.Holds).Select(p => $"{p.Statement} (measured: {p.Measured})").ToList();

        Assert.True(failed.Count == 0, "properties that do not hold:\n" + string.Join("\n", failed));
    }

    [SkippableFact]
    public void Should_keep_the_machine_independent_view_of_the_report()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);

        var view = SmokeView.From(File.ReadAllText(run.Report("report.md")), SmokeProperties.Read(run));

        SmokeSnapshot.Match(view, "SmokeReport");
    }

    [SkippableFact]
    public void Should_write_every_figure_as_a_decodable_image_with_one_panel_per_dataset()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);
        string[] datasets = ["SCNM", "SCNM-ctrl"];
        string[] titles = ["SCNM (planted, s = 0.8)", "SCNM-ctrl (control, s = 0)"];
        var figures = run.Report("figures");
        string[] ids = ["figure4", "figure4-bos-excluded", "figure5", "figure5-bos-excluded"];

        Assert.Equal(ids.SelectMany(id => new[] { id + ".csv", id + ".png", id + ".svg" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(figures).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            // Planted and control side by side (480×360 each) under a 48 px title band, each with a drawn plot.
            using var png = SKBitmap.Decode(Path.Combine(figures, id + ".png"));
            Assert.NotNull(png);
            Assert.Equal((2 * 480, 360 + 48), (png.Width, png.Height));
            for (var panel = 0; panel < datasets.Length; panel++)
            {
                Assert.True(InkedSamples(png, panel * 480 + 80, 48 + 60, 380, 240) > 100, $"{id}.png panel {panel} looks empty");
            }
            var svg = File.ReadAllText(Path.Combine(figures, id + ".svg"));
            var texts = Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.Equal(titles, texts.Where(titles.Contains));
            Assert.Equal(datasets.Length, texts.Count(t => t.StartsWith("Layer", StringComparison.Ordinal)));
            var csv = File.ReadAllLines(Path.Combine(figures, id + ".csv"));
            Assert.Equal("dataset,layer,s_wp,s_pq,s_ww", csv[0]);
            Assert.Equal(datasets.SelectMany(d => new[] { $"{d},0", $"{d},1" }), csv.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        }
    }

    [SkippableFact]
    public void Should_link_only_to_files_that_exist()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);
        var folder = run.Report("");
        var markdown = File.ReadAllText(run.Report("report.md"));
        var html = File.ReadAllText(run.Report("report.html"));

        var markdownLinks = Regex.Matches(markdown, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToList();
        var htmlLinks = Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();

        string[] figures = ["figure4", "figure4-bos-excluded", "figure5", "figure5-bos-excluded"];
        Assert.Equal(figures.SelectMany(f => new[] { $"figures/{f}.png", $"figures/{f}.svg" }).Order(StringComparer.Ordinal),
            markdownLinks.Where(IsLocal).Order(StringComparer.Ordinal));
        Assert.Equal(figures.Length, htmlLinks.Count(l => l.StartsWith("data:image/png;base64,", StringComparison.Ordinal)));
        Assert.All(markdownLinks.Concat(htmlLinks).Where(IsLocal), link =>
            Assert.True(File.Exists(Path.Combine(folder, Uri.UnescapeDataString(link.Split('#')[0]))), $"the report links to {link}, which does not exist"));
    }

    [SkippableFact]
    public void Should_give_identical_stage_outputs_from_scratch_with_two_jobs_at_once()
    {
        Skip.IfNot(SmokeRun.CliBuilt, SmokeRun.SkipMessage);
        using var again = new SmokeWorkspace();
        var result = Path.Combine(again.Root, "outcomes.json");

        // Determinism and the parallel executor in one run: the stage verbs now run as separate processes, two at once.
        var second = Mre.Run(again.Root, "repro", "--all", "--profile", "smoke", "--jobs", "2", "--result", result);

        Assert.True(second.Code == 0, second.Output);
        Assert.All(Mre.Outcomes(result), o => Assert.True(o.Value.Kind == OutcomeKind.Ran, $"{o.Key}: {o.Value}"));
        Assert.Equal(run.FirstRun.Count, Mre.Outcomes(result).Count);
        // Every dependency, parameter and output hash (the report's outputs hold run facts: its tables are compared).
        SmokeLock.AssertSameLockAndTables(run, again.Root);
        foreach (var figure in Directory.GetFiles(run.Report("figures")))
        {
            Assert.True(File.ReadAllBytes(figure).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again.Root, "reports", "smoke", "figures", Path.GetFileName(figure)))),
                $"{Path.GetFileName(figure)} differs between two runs");
        }
    }

    private string Tables() => Tables(run.Root);

    private static string Tables(string root)
    {
        var report = File.ReadAllText(Path.Combine(root, "reports", "smoke", "report.md"));
        return report[..report.IndexOf("\n## Run", StringComparison.Ordinal)];
    }

    private static bool IsLocal(string link) =>
        !link.StartsWith('#') && !link.StartsWith("data:", StringComparison.Ordinal) && !link.Contains("://", StringComparison.Ordinal);

    private static int InkedSamples(SKBitmap bitmap, int left, int top, int width, int height)
    {
        var inked = 0;
        for (var y = top; y < top + height; y += 3)
        {
            for (var x = left; x < left + width; x += 3)
            {
                var p = bitmap.GetPixel(x, y);
                inked += p.Red < 200 || p.Green < 200 || p.Blue < 200 ? 1 : 0;
            }
        }
        return inked;
    }
}
