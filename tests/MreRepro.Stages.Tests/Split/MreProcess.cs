using System.Diagnostics;

namespace MreRepro.Stages.Tests.Split;

/// <summary>Runs the built `mre` CLI (build/mre) as a user would, in a given folder, and returns its exit code and output.</summary>
internal static class MreProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static bool Available => File.Exists(RepositoryRoot.CliDll);

    public const string Missing = "the Release CLI is missing: run ./build.sh --target=Test (it builds the CLI first).";

    public static Result Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, Path.Combine(RepositoryRoot.Path, "build", "mre"), args);

    /// <summary>Runs <paramref name="program"/> (e.g. unshare, wrapping build/mre) with <paramref name="args"/>.</summary>
    public static Result Run(string workingDirectory, string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
