using System.Diagnostics;

namespace MreRepro.Models.Tests.Cli;

/// <summary>Runs the built `mre` CLI through build/mre (the Release build ./build.sh makes before the tests).</summary>
internal static class MreCli
{
    public static string Root { get; } = FindRoot();

    public static string Dll => Path.Combine(Root, "artifacts", "bin", "MreRepro.Cli", "release", "mre.dll");

    public static string MissingMessage => $"{Dll} is missing: run ./build.sh --target=Test (it builds the CLI first).";

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, "build", "mre")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Wide console so that Spectre does not wrap one-line messages.
        start.Environment["COLUMNS"] = "400";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
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
        throw new InvalidOperationException("MreRepro.sln not found above " + AppContext.BaseDirectory);
    }
}
