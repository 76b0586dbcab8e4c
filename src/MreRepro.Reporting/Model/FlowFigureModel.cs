namespace MreRepro.Reporting.Model;

/// <summary>A rendered information-flow figure (Figure 4 or 5) the report embeds: its panels and the image files.</summary>
/// <param name="Id">"figure4" or "figure5".</param>
/// <param name="Title">e.g. "Figure 4: information flow with text-level information (TLI) added, word-level task".</param>
/// <param name="PngPath">PNG written by FlowFigure.Render; embedded as a data: URI in the HTML report.</param>
/// <param name="SvgPath">SVG written by FlowFigure.Render; linked from the Markdown report.</param>
public sealed record FlowFigureModel(string Id, string Title, IReadOnlyList<FlowPanel> Panels, string PngPath, string SvgPath)
{
    /// <summary>Panels per row; null lets the figure choose. Planted/control pairs use an even count so each pair sits side by side.</summary>
    public int? Columns { get; init; }

    /// <summary>Each planted dataset against its control (strength 0, same paper dataset); empty when the profile has no control.</summary>
    public IReadOnlyList<FlowComparison> Comparisons { get; init; } = [];
}

/// <summary>
/// A planted dataset's flows against its control's, each difference (planted − control) with an interval over
/// seeds and saliency samples: the mean S_pq proportion over layers, and the S_wp proportion layer by layer.
/// </summary>
/// <param name="LastLayerSwp">The largest S_wp proportion either dataset shows in the last layer (0 by construction).</param>
public sealed record FlowComparison(string Paper, string Planted, string Control, int Seeds, int Layers,
    Estimate MeanSpq, IReadOnlyList<Estimate> SwpByLayer, double LastLayerSwp);

/// <summary>A difference with its interval (fractions of the flow); Planted and Control are the two means.</summary>
public sealed record Estimate(double Planted, double Control, double Lower, double Upper, double Level)
{
    public double Difference => Planted - Control;
}
