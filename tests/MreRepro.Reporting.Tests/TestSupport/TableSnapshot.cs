using System.Runtime.CompilerServices;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Matches rendered Markdown against Expectations/&lt;Area&gt;/__snapshots__/&lt;name&gt;.snap beside the calling test file.</summary>
/// <remarks>Strictness and updating as in <see cref="TextSnapshot"/>.</remarks>
internal static class TableSnapshot
{
    public static bool UpdateRequested => TextSnapshot.UpdateRequested;

    public static void Match(string markdown, string area, string name, [CallerFilePath] string? callerFile = null) =>
        MatchIn(markdown, Path.Combine(TestFolder(callerFile), "Expectations", area), name);

    /// <summary>Matches against &lt;folder&gt;/__snapshots__/&lt;name&gt;.snap.</summary>
    public static void MatchIn(string markdown, string folder, string name) => TextSnapshot.Match(markdown, folder, name);

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
