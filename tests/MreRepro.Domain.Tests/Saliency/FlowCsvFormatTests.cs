using MreRepro.Domain.Saliency;

namespace MreRepro.Domain.Tests.Saliency;

/// <summary>The flow table CSV that the saliency stage's flow.csv and the report's figure CSVs share.</summary>
public sealed class FlowCsvFormatTests
{
    [Fact]
    public void Should_write_one_row_per_layer_in_shortest_round_trip_form()
    {
        var flows = new double[,] { { 0.5, 0.1 }, { 0.25, 0.7 }, { 0.25, 0.2 } };

        var text = FlowCsvFormat.Text(FlowCsvFormat.Rows("SCNM-ctrl", flows));

        Assert.Equal("dataset,layer,s_wp,s_pq,s_ww\nSCNM-ctrl,0,0.5,0.25,0.25\nSCNM-ctrl,1,0.1,0.7,0.2\n", text);
    }

    [Fact]
    public void Should_leave_a_missing_value_empty_and_quote_a_dataset_with_a_comma()
    {
        var text = FlowCsvFormat.Text([new FlowCsvFormat.Row("a,b", 3, null, 1.0 / 3, 0.0)]);

        Assert.Equal("dataset,layer,s_wp,s_pq,s_ww\n\"a,b\",3,,0.3333333333333333,0\n", text);
    }
}
