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
    public void Should_save_a_screenshot_of_the_report_as_a_test_artifact()
    {
        Skip.IfNot(HeadlessChromium.IsInstalled, SkipMessage);
        var files = Render();
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "report-screenshot.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        HeadlessChromium.Run("--window-size=1500,4000", "--hide-scrollbars", $"--screenshot={screenshot}", new Uri(files.HtmlPath).AbsoluteUri);

        Assert.True(File.Exists(screenshot), $"no screenshot at {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is implausibly small");
    }

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
