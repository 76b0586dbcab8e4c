using System.Runtime.CompilerServices;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>Matches text against EndToEnd/Expectations/__snapshots__/&lt;name&gt;.snap (see <see cref="TextSnapshot"/>).</summary>
internal static class SmokeSnapshot
{
    public static void Match(string text, string name, [CallerFilePath] string? callerFile = null) =>
        TextSnapshot.Match(text, Path.Combine(TestFolder(callerFile), "Expectations"), name);

    // Deterministic builds hide the source path (Snapshooter #196); fall back to this folder under the repository.
    private static string TestFolder(string? file) =>
        file is not null && File.Exists(file) ? Path.GetDirectoryName(file)! : Path.Combine(RepositoryRoot.Path, "tests", "MreRepro.Stages.Tests", "EndToEnd");
}
