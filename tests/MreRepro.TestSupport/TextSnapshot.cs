using Snapshooter;
using Snapshooter.Xunit;

namespace MreRepro.TestSupport;

/// <summary>
/// Matches text against &lt;folder&gt;/__snapshots__/&lt;name&gt;.snap. The folder is named explicitly instead of being
/// derived from PDB paths, which deterministic builds map to /_/ (Snapshooter #196). A missing snapshot fails in every
/// run (not only with SNAPSHOOTER_STRICT_MODE=on); MRE_UPDATE_SNAPSHOTS=true (./build.sh --target=Test
/// --update-snapshots) rewrites it from the actual text instead. A mismatch leaves the actual text in
/// __snapshots__/__mismatch__ (kept by the Test task as an artifact).
/// </summary>
public static class TextSnapshot
{
    /// <summary>True when the run was asked to rewrite snapshots.</summary>
    public static bool UpdateRequested => Environment.GetEnvironmentVariable("MRE_UPDATE_SNAPSHOTS") is { } v
        && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    public static void Match(string text, string folder, string name)
    {
        var fileName = name + ".snap";
        var expected = Path.Combine(folder, "__snapshots__", fileName);
        if (UpdateRequested)
        {
            // Snapshooter recreates a deleted snapshot from the actual text when its own strict mode is off.
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "off");
            if (File.Exists(expected))
            {
                File.Delete(expected);
            }
        }
        else if (!File.Exists(expected))
        {
            throw new Xunit.Sdk.XunitException($"Snapshot {expected} is missing: restore it from git, or recreate it with ./build.sh --target=Test --update-snapshots.");
        }
        Snapshot.Match(text, new SnapshotFullName(fileName, folder));
    }
}
