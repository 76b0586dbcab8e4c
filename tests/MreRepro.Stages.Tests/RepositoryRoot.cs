namespace MreRepro.Stages.Tests;

/// <summary>The checkout these tests run from (the folder holding MreRepro.sln).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MreRepro.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MreRepro.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The Release CLI that stage commands (build/mre) run; built by ./build.sh before the tests.</summary>
    public static string CliDll => System.IO.Path.Combine(Path, "artifacts", "bin", "MreRepro.Cli", "release", "mre.dll");
}
