namespace MreRepro.TestSupport;

/// <summary>
/// The checkout the tests run from (the folder holding MreRepro.sln) and the team's shared folder: $MRE_SHARED when
/// set, otherwise ../shared beside the checkout. Tests that need shared files skip with a message where they are absent.
/// </summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder, or null where there is none (a user's fresh clone).</summary>
    public static string? SharedFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("MRE_SHARED") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            return Directory.Exists(folder) ? folder : null;
        }
    }

    /// <summary>A file under the shared folder, or null where the folder or the file is absent.</summary>
    public static string? SharedFile(params string[] parts) =>
        SharedFolder is { } folder && Path.Combine([folder, .. parts]) is var path && File.Exists(path) ? path : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MreRepro.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"MreRepro.sln not found above {AppContext.BaseDirectory}");
    }
}
