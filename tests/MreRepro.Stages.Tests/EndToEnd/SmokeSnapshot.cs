using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// Matches text against EndToEnd/Expectations/__snapshots__/&lt;name&gt;.snap. A missing snapshot fails in every run;
/// MRE_UPDATE_SNAPSHOTS=true (./build.sh --target=Test --update-snapshots) rewrites it from the actual text instead.
/// A mismatch leaves the actual text in __snapshots__/__mismatch__ (kept by the Test task as an artifact).
/// </summary>
internal static class SmokeSnapshot
{
    public static bool UpdateRequested => Environment.GetEnvironmentVariable("MRE_UPDATE_SNAPSHOTS") is { } v
        && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    public static void Match(string text, string name, [CallerFilePath] string? callerFile = null)
    {
        var folder = Path.Combine(TestFolder(callerFile), "Expectations");
        var fileName = name + ".snap";
        var expected = Path.Combine(folder, "__snapshots__", fileName);
        if (UpdateRequested)
        {
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

    // Deterministic builds hide the source path (Snapshooter #196); fall back to this folder under the repository.
    private static string TestFolder(string? file) =>
        file is not null && File.Exists(file) ? Path.GetDirectoryName(file)! : Path.Combine(RepositoryRoot.Path, "tests", "MreRepro.Stages.Tests", "EndToEnd");
}
