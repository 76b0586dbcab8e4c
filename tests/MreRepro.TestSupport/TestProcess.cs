using System.Diagnostics;

namespace MreRepro.TestSupport;

/// <summary>Runs a program to its end and returns its exit code and what it printed.</summary>
public static class TestProcess
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        /// <summary>Both streams, stdout first.</summary>
        public string Output => Stdout + Stderr;
    }

    /// <param name="environment">Variables to set for the program (the rest is inherited).</param>
    /// <param name="timeout">How long it may run before it is killed (with its children) and the test fails.</param>
    public static Result Run(string file, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(20);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {limit}");
        }
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
