using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Matches rendered Markdown against Expectations/&lt;Area&gt;/__snapshots__/&lt;name&gt;.snap beside the calling test file.</summary>
/// <remarks>
/// The folder is named explicitly (SnapshotFullName) instead of being derived from PDB paths, which deterministic or CI
/// builds map to /_/ (Snapshooter #196). Snapshooter always adds __snapshots__ under the folder it is given (mismatches land
/// in __snapshots__/__mismatch__). A missing snapshot fails in every run (not only with SNAPSHOOTER_STRICT_MODE=on);
/// MRE_UPDATE_SNAPSHOTS=true (./build.sh --target=Test --update-snapshots) rewrites it from the actual output instead.
/// </remarks>
internal static class TableSnapshot
{
    /// <summary>True when the run was asked to rewrite snapshots (./build.sh --target=Test --update-snapshots).</summary>
    public static bool UpdateRequested => Environment.GetEnvironmentVariable("MRE_UPDATE_SNAPSHOTS") is { } v
        && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    public static void Match(string markdown, string area, string name, [CallerFilePath] string? callerFile = null) =>
        MatchIn(markdown, Path.Combine(TestFolder(callerFile), "Expectations", area), name);

    /// <summary>Matches against &lt;folder&gt;/__snapshots__/&lt;name&gt;.snap.</summary>
    public static void MatchIn(string markdown, string folder, string name)
    {
        var fileName = name + ".snap";
        var expected = Path.Combine(folder, "__snapshots__", fileName);
        if (UpdateRequested)
        {
            // Snapshooter recreates a deleted snapshot from the actual output when its own strict mode is off.
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

        Snapshot.Match(markdown, new SnapshotFullName(fileName, folder));
    }

    private static string TestFolder(string? callerFile)
    {
        if (callerFile is not null && File.Exists(callerFile))
        {
            return Path.GetDirectoryName(callerFile)!;
        }

        // Deterministic builds hide the source path; fall back to the same folder under the test project.
        var relative = callerFile is null ? string.Empty : Path.GetDirectoryName(callerFile.Replace('\\', '/'))!;
        var marker = "/tests/MreRepro.Reporting.Tests";
        var index = relative.IndexOf(marker, StringComparison.Ordinal);
        var tail = index >= 0 ? relative[(index + marker.Length)..].TrimStart('/') : string.Empty;
        return Path.Combine(RepositoryPaths.TestProject, tail);
    }
}
