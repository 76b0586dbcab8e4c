namespace MreRepro.Reporting.Model;

/// <summary>A rendered information-flow figure (Figure 4 or 5) the report embeds: its panels and the image files.</summary>
/// <param name="Id">"figure4" or "figure5".</param>
/// <param name="Title">e.g. "Figure 4: information flow with text-level information (TLI) added, word-level task".</param>
/// <param name="PngPath">PNG written by FlowFigure.Render; embedded as a data: URI in the HTML report.</param>
/// <param name="SvgPath">SVG written by FlowFigure.Render; linked from the Markdown report.</param>
public sealed record FlowFigureModel(string Id, string Title, IReadOnlyList<FlowPanel> Panels, string PngPath, string SvgPath);
