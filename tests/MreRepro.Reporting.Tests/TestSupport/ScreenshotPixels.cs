using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>A box in screenshot pixels (CSS pixels at device scale 1).</summary>
internal readonly record struct PixelBox(int Left, int Top, int Width, int Height)
{
    public override string ToString() => $"x {Left}, y {Top}, {Width}×{Height} px";
}

/// <summary>The layout a probe script wrote into the body's data-probe attribute (see HtmlBrowserTests).</summary>
internal sealed record ProbeLayout(PixelBox Table, IReadOnlyList<PixelBox> Glyphs)
{
    public static ProbeLayout From(string dom)
    {
        var match = Regex.Match(dom, "data-probe=\"([^\"]*)\"");
        Assert.True(match.Success, "the probe script wrote no layout (data-probe) into the page");
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value));
        static PixelBox Box(JsonElement e) => new(e[0].GetInt32(), e[1].GetInt32(), e[2].GetInt32(), e[3].GetInt32());
        return new ProbeLayout(Box(json.RootElement.GetProperty("table")),
            json.RootElement.GetProperty("glyphs").EnumerateArray().Select(Box).ToList());
    }
}

/// <summary>A decoded PNG screenshot whose regions are read as ink (dark pixels) or paper.</summary>
internal sealed class Screenshot(SKBitmap bitmap) : IDisposable
{
    public static Screenshot Load(string path) =>
        new(SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not a decodable image"));

    public InkRegion Crop(PixelBox box)
    {
        Assert.True(box.Width > 0 && box.Height > 0 && box.Left >= 0 && box.Top >= 0
            && box.Left + box.Width <= bitmap.Width && box.Top + box.Height <= bitmap.Height,
            $"{box} lies outside the {bitmap.Width}×{bitmap.Height} screenshot");
        var ink = new bool[box.Height, box.Width];
        for (var y = 0; y < box.Height; y++)
        {
            for (var x = 0; x < box.Width; x++)
            {
                var c = bitmap.GetPixel(box.Left + x, box.Top + y);
                ink[y, x] = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue < 128;
            }
        }
        return new InkRegion(ink);
    }

    public void Dispose() => bitmap.Dispose();
}

/// <summary>Dark pixels of a screenshot region.</summary>
internal sealed class InkRegion(bool[,] ink)
{
    private int Height => ink.GetLength(0);
    private int Width => ink.GetLength(1);

    /// <summary>Share of dark pixels.</summary>
    public double InkShare() => Count(0, 0, Width, Height) / (double)(Width * Height);

    /// <summary>Pixel rows with at least one dark pixel.</summary>
    public int InkRows() => Enumerable.Range(0, Height).Count(y => Enumerable.Range(0, Width).Any(x => ink[y, x]));

    /// <summary>Dark pixels in the middle half of the region (a missing-glyph box is an outline with an empty middle).</summary>
    public int InteriorInk() => Count(Width / 4, Height / 4, Width - Width / 4, Height - Height / 4);

    /// <summary>Pixels that are dark in one region and not in the other, over their common top-left area.</summary>
    public int DifferentPixels(InkRegion other)
    {
        var differing = 0;
        for (var y = 0; y < Math.Min(Height, other.Height); y++)
        {
            for (var x = 0; x < Math.Min(Width, other.Width); x++)
            {
                differing += ink[y, x] != other.Ink(x, y) ? 1 : 0;
            }
        }
        return differing;
    }

    private bool Ink(int x, int y) => ink[y, x];

    private int Count(int left, int top, int right, int bottom)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                count += ink[y, x] ? 1 : 0;
            }
        }
        return count;
    }
}
