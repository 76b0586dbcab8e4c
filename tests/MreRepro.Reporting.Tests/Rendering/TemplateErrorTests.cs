using MreRepro.Reporting.Rendering;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Rendering;

public sealed class TemplateErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_name_file_line_and_column_of_a_parse_error()
    {
        var path = Write("broken.sbn-md", "# Title\n\n{{ for row in rows }}\n| {{ row.name }} |\n");

        var error = Assert.Throws<ReportTemplateException>(() => Render("broken.sbn-md"));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Matches(@"broken\.sbn-md:\d+:\d+: ", error.Message);
    }

    [Fact]
    public void Should_fail_on_a_missing_variable_with_its_position()
    {
        var path = Write("missing-variable.sbn-md", "line one\nvalue: {{ nonexistent_value }}\n");

        var error = Assert.Throws<ReportTemplateException>(() => Render("missing-variable.sbn-md"));

        Assert.StartsWith(path + ":2:", error.Message);
        Assert.Contains("nonexistent_value", error.Message);
    }

    [Fact]
    public void Should_fail_on_a_missing_member_instead_of_printing_an_empty_cell()
    {
        var path = Write("missing-member.sbn-md", "{{ fact.name }}\n{{ fact.valeu }}\n");

        var error = Assert.Throws<ReportTemplateException>(() => Render("missing-member.sbn-md", new FactView("Seeds", "42")));

        Assert.StartsWith(path + ":2:", error.Message);
        Assert.Contains("valeu", error.Message);
    }

    [Fact]
    public void Should_name_the_included_file_when_the_error_is_inside_it()
    {
        Write("outer.sbn-md", "{{ include 'inner.sbn-md' }}\n");
        var inner = Write("inner.sbn-md", "ok\n{{ fact.nope }}\n");

        var error = Assert.Throws<ReportTemplateException>(() => Render("outer.sbn-md", new FactView("a", "b")));

        Assert.StartsWith(inner + ":2:", error.Message);
    }

    [Fact]
    public void Should_refuse_an_include_outside_the_templates_folder()
    {
        Write("escape.sbn-md", "{{ include '../secret.txt' }}\n");

        var error = Assert.Throws<ReportTemplateException>(() => Render("escape.sbn-md"));

        Assert.True(error.Message.Contains("outside the templates folder"), error.ToString());
    }

    [Fact]
    public void Should_render_more_than_a_thousand_loop_iterations()
    {
        Write("long.sbn-md", "{{ for i in 1..1500 }}x{{ end }}");

        var text = Render("long.sbn-md");

        Assert.Equal(1500, text.Length);
    }

    private string Write(string name, string text)
    {
        var path = _folder.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Render(string name, FactView? fact = null)
    {
        var globals = new Dictionary<string, object>();
        if (fact is not null)
        {
            globals["fact"] = fact;
        }

        return new TemplateRunner(_folder.Path).Render(name, globals);
    }
}
