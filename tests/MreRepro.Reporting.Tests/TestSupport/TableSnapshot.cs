using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Matches rendered Markdown against Expectations/&lt;Area&gt;/__snapshots__/&lt;name&gt;.snap beside the calling test file.</summary>
/// <remarks>
/// The folder is named explicitly (SnapshotFullName) instead of being derived from PDB paths, which deterministic or CI
/// builds map to /_/ (Snapshooter #196). Snapshooter always adds __snapshots__ under the folder it is given (mismatches land
/// in __snapshots__/__mismatch__). With SNAPSHOOTER_STRICT_MODE=on a missing snapshot fails instead of being created.
/// </remarks>
internal static class TableSnapshot
{
    public static void Match(string markdown, string area, string name, [CallerFilePath] string? callerFile = null)
    {
        var folder = Path.Combine(TestFolder(callerFile), "Expectations", area);
        var fileName = name + ".snap";
        var strict = Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is { } mode
            && (mode.Equals("on", StringComparison.OrdinalIgnoreCase) || mode.Equals("true", StringComparison.OrdinalIgnoreCase));
        var expected = Path.Combine(folder, "__snapshots__", fileName);
        if (strict && !File.Exists(expected))
        {
            throw new Xunit.Sdk.XunitException($"Snapshot {expected} is missing and SNAPSHOOTER_STRICT_MODE is on.");
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
