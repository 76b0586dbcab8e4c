namespace MreRepro.Models.Tests.Cli;

/// <summary>Runs the built `mre` CLI through build/mre (the Release build ./build.sh makes before the tests).</summary>
internal static class MreCli
{
    public static string Root => Repository.Root;

    public static string Dll => Path.Combine(Root, "artifacts", "bin", "MreRepro.Cli", "release", "mre.dll");

    public static string MissingMessage => $"{Dll} is missing: run ./build.sh --target=Test (it builds the CLI first).";

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        // Wide console so that Spectre does not wrap one-line messages.
        var run = TestProcess.Run(Path.Combine(Root, "build", "mre"), args, environment: new Dictionary<string, string> { ["COLUMNS"] = "400" });
        return (run.Code, run.Stdout, run.Stderr);
    }
}
