using MreRepro.Reporting.Figures;
using MreRepro.Reporting.Model;
using MreRepro.Reporting.Tests.TestSupport;

namespace MreRepro.Reporting.Tests.Figures;

public sealed class FlowCsvTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Should_write_a_header_and_the_same_five_fields_on_every_row()
    {
        var path = _folder.PathOf("flow.csv");

        FlowCsv.Write(ReportSamples.Panels(count: 2, layers: 3), path);

        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dataset,layer,s_wp,s_pq,s_ww", lines[0]);
        Assert.Equal(1 + 2 * 3, lines.Length);
        Assert.All(lines, l => Assert.Equal(5, l.Split(',').Length));
        Assert.Equal("SCNM,1,0.46,0.15000000000000002,0.39", lines[2]);
    }

    [Fact]
    public void Should_quote_a_dataset_name_with_a_comma_and_leave_missing_values_empty()
    {
        var path = _folder.PathOf("flow.csv");
        var panel = new FlowPanel("SCPOS:N,Adj", [0], [null], [0.25], [0.75]);

        FlowCsv.Write([panel], path);

        Assert.Equal("dataset,layer,s_wp,s_pq,s_ww\n\"SCPOS:N,Adj\",0,,0.25,0.75\n", File.ReadAllText(path));
    }
}
