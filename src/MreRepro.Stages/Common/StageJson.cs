using System.Text.Encodings.Web;
using System.Text.Json;

namespace MreRepro.Stages.Common;

/// <summary>JSON settings for stage outputs: snake_case, readable Japanese (no \u escapes), stable layout.</summary>
public static class StageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
