using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MreRepro.Domain.Tests.Sampling;

/// <summary>Reads References/sampling_vectors.json, produced by References/make_sampling_vectors.py.</summary>
internal static class SamplingVectors
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sampling", "References", "sampling_vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    });

    public static JsonElement Root => s_root.Value;

    public static int[] Ints(this JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static long[] Longs(this JsonElement element) => element.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    /// <summary>First 16 hex characters of SHA-256 over the values joined by "," (spec D3 checksums).</summary>
    public static string Sha16(IEnumerable<int> values) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(",", values))))[..16];
}
