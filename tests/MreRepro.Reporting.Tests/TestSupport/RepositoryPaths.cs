namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Finds the repository's reports folder and this test project's folder from the build output.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "reports", "templates");

    public static string PaperReference => Path.Combine(Root, "reports", "paper-reference.yaml");

    public static string TestProject => Path.Combine(Root, "tests", "MreRepro.Reporting.Tests");

    /// <summary>The team's transcription of the paper's tables (shared/spec/paper-values.md), through MRE_SHARED or
    /// a shared folder beside the repository; null where absent (a user's fresh clone).</summary>
    public static string? SharedPaperValues
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("MRE_SHARED") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Path.Combine(Root, "..", "shared");
            var path = Path.GetFullPath(Path.Combine(shared, "spec", "paper-values.md"));
            return File.Exists(path) ? path : null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MreRepro.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MreRepro.sln above {AppContext.BaseDirectory}.");
    }
}
