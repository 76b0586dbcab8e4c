using System.Globalization;
using System.Text.Json;

namespace MreRepro.Domain.Formats;

/// <summary>Field access on dataset JSON objects that reports a missing or mistyped field as a reason, not an exception.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, string name, out string? error)
    {
        error = null;
        if (!element.TryGetProperty(name, out var value))
        {
            error = $"missing field \"{name}\"";
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"field \"{name}\" must be a string, found {value.ValueKind}";
            return null;
        }

        return value.GetString();
    }

    /// <summary>An optional identifier given as a string or an integer.</summary>
    public static string? OptionalId(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static string DefaultId(string stem, int position) => stem + "-" + position.ToString(CultureInfo.InvariantCulture);
}
