namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>The repository's reports folder, this test project's folder and the paper's values in the shared folder.</summary>
internal static class RepositoryPaths
{
    public static string Root => Repository.Root;

    public static string Templates => Path.Combine(Root, "reports", "templates");

    public static string PaperReference => Path.Combine(Root, "reports", "paper-reference.yaml");

    public static string TestProject => Path.Combine(Root, "tests", "MreRepro.Reporting.Tests");

    /// <summary>The team's transcription of the paper's tables (shared/spec/paper-values.md); null where absent (a user's fresh clone).</summary>
    public static string? SharedPaperValues => Repository.SharedFile("spec", "paper-values.md");
}
