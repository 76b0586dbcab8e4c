namespace MreRepro.Stages.Tests;

/// <summary>The checkout these tests run from and the CLI build they drive.</summary>
internal static class RepositoryRoot
{
    public static string Path => Repository.Root;

    /// <summary>The Release CLI that stage commands (build/mre) run; built by ./build.sh before the tests.</summary>
    public static string CliDll => System.IO.Path.Combine(Path, "artifacts", "bin", "MreRepro.Cli", "release", "mre.dll");
}
