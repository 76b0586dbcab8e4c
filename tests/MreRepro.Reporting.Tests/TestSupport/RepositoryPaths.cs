namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Finds the repository's reports folder and this test project's folder from the build output.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "reports", "templates");

    public static string PaperReference => Path.Combine(Root, "reports", "paper-reference.yaml");

    public static string TestProject => Path.Combine(Root, "tests", "MreRepro.Reporting.Tests");

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
