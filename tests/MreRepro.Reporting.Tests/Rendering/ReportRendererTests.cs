using MreRepro.Files;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Rendering;

public sealed class ReportRendererTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ReportRenderer _renderer = new(RepositoryPaths.Templates, PaperReference.Load(RepositoryPaths.PaperReference));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_render_the_whole_markdown_report()
    {
        var model = ReportSamples.Model(_folder.Path);

        var markdown = _renderer.RenderMarkdown(model, _folder.Path);

        TableSnapshot.Match(markdown, "Rendering", "Report");
    }

    [Fact]
    public void Should_write_both_files_and_leave_no_temporary_files()
    {
        var model = ReportSamples.Model(_folder.Path);

        var files = _renderer.Render(model, _folder.Path);

        Assert.True(new FileInfo(files.MarkdownPath).Length > 0);
        Assert.True(new FileInfo(files.HtmlPath).Length > 0);
        Assert.Empty(TemporaryFiles());
        // The check must see a leftover named the way AtomicFile names its temporary siblings (<path>.tmp-<pid>).
        File.WriteAllText(AtomicFile.TempPathFor(files.HtmlPath), "");
        Assert.Single(TemporaryFiles());
    }

    private string[] TemporaryFiles() => Directory.GetFiles(_folder.Path, "*.tmp*", SearchOption.AllDirectories);

    [Fact]
    public void Should_produce_byte_identical_reports_for_the_same_model()
    {
        var model = ReportSamples.Model(_folder.Path);

        var first = _renderer.RenderHtml(model, _folder.Path);
        var second = _renderer.RenderHtml(ReportSamples.Model(_folder.Path), _folder.Path);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Should_make_the_html_self_contained_with_embedded_images_and_escaped_text()
    {
        var html = _renderer.RenderHtml(ReportSamples.Model(_folder.Path), _folder.Path);

        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.DoesNotContain("src=\"figure4.png\"", html);
        Assert.DoesNotContain("<link", html);
        Assert.Contains("<style>", html);
        Assert.Contains("data-images-ok", html);
        Assert.Contains("SCPOS:N&amp;Adj", html);
        Assert.Contains("SCNM | generated (control)", html);
        Assert.DoesNotContain("paper —", html);
    }

    [Fact]
    public void Should_name_the_missing_figure_file()
    {
        var model = ReportSamples.Model(_folder.Path);
        File.Delete(Path.Combine(_folder.Path, "figure5.svg"));

        var error = Assert.Throws<ReportInputException>(() => _renderer.Render(model, _folder.Path));

        Assert.Contains("figure5.svg", error.Message);
    }
}
