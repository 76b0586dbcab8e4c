using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Rendering;

public sealed class HtmlBrowserTests : IDisposable
{
    private const string SkipMessage = "/usr/bin/chromium not found; install Debian's chromium package to run the browser check of report.html.";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void Should_show_every_table_and_load_every_embedded_image_in_a_browser()
    {
        Skip.IfNot(HeadlessChromium.IsInstalled, SkipMessage);
        var files = Render();

        var dom = HeadlessChromium.Run("--virtual-time-budget=5000", "--dump-dom", new Uri(files.HtmlPath).AbsoluteUri);

        Assert.Contains("data-images-ok=\"true\"", dom);
        Assert.All(new[] { "table1", "table2", "table3", "table4", "figure4", "figure5", "run" }, id => Assert.Contains($"id=\"{id}\"", dom));
        Assert.Equal(2, CountOf(dom, "<img "));
    }

    [SkippableFact]
    public void Should_save_a_screenshot_that_shows_the_tables_and_real_japanese_glyphs()
    {
        Skip.IfNot(HeadlessChromium.IsInstalled, SkipMessage);
        Skip.IfNot(HeadlessChromium.HasJapaneseFont, "no Japanese font (fc-list :lang=ja is empty); install fonts-ipafont-gothic (build/install-test-deps.sh does as root), or the report's Japanese labels show as boxes.");
        var files = Render();
        // A copy of the report that records, after layout, where table 1 and the glyphs of its first Japanese label are.
        var probe = _folder.PathOf("probe.html");
        File.WriteAllText(probe, File.ReadAllText(files.HtmlPath).Replace("</body>", ProbeScript + "</body>", StringComparison.Ordinal));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "report-screenshot.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        HeadlessChromium.Run(WindowSize, "--hide-scrollbars", $"--screenshot={screenshot}", new Uri(probe).AbsoluteUri);
        var dom = HeadlessChromium.Run(WindowSize, "--hide-scrollbars", "--virtual-time-budget=5000", "--dump-dom", new Uri(probe).AbsoluteUri);

        Assert.True(File.Exists(screenshot), $"no screenshot at {screenshot}");
        var layout = ProbeLayout.From(dom);
        using var image = Screenshot.Load(screenshot);
        var table = image.Crop(layout.Table);
        Assert.True(table.InkShare() > 0.02, $"table 1 ({layout.Table}) is almost blank in {screenshot}: {table.InkShare():P2} dark pixels");
        Assert.True(table.InkRows() > 20, $"table 1 ({layout.Table}) shows too few lines of text in {screenshot}");
        var glyphs = layout.Glyphs.Select(image.Crop).ToList();
        Assert.Equal(2, glyphs.Count);
        Assert.All(glyphs, g => Assert.True(g.InteriorInk() > 5, $"a glyph of 社会 has no ink inside its box (an empty or .notdef box) in {screenshot}"));
        Assert.True(glyphs[0].DifferentPixels(glyphs[1]) > 10, $"社 and 会 render as the same shape (missing-glyph boxes) in {screenshot}");
    }

    private const string WindowSize = "--window-size=1500,4000";

    // Writes the layout into data-probe: the first table's box, and one box per character of the first 社会 in it.
    private const string ProbeScript = """
        <script>
        window.addEventListener("load", function () {
          function box(r) { return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; }
          var table = document.querySelector("#table1 table");
          var walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
          var glyphs = [];
          while (walker.nextNode()) {
            var at = walker.currentNode.data.indexOf("社会");
            if (at < 0) continue;
            for (var i = 0; i < 2; i++) {
              var range = document.createRange();
              range.setStart(walker.currentNode, at + i);
              range.setEnd(walker.currentNode, at + i + 1);
              glyphs.push(box(range.getBoundingClientRect()));
            }
            break;
          }
          document.body.setAttribute("data-probe", JSON.stringify({ table: box(table.getBoundingClientRect()), glyphs: glyphs }));
        });
        </script>

        """;

    private ReportFiles Render()
    {
        var renderer = new ReportRenderer(RepositoryPaths.Templates, PaperReference.Load(RepositoryPaths.PaperReference));
        return renderer.Render(ReportSamples.Model(_folder.Path), _folder.Path);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
