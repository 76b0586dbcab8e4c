using System.Diagnostics;

namespace MreRepro.Reporting.Tests.TestSupport;

/// <summary>Runs Debian's chromium headless with a throwaway profile and no network chatter; kills the whole tree on timeout.</summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>True when fontconfig lists a font covering Japanese (what chromium falls back to for 社会).</summary>
    public static bool HasJapaneseFont
    {
        get
        {
            try
            {
                using var fcList = Process.Start(new ProcessStartInfo("fc-list", ":lang=ja") { RedirectStandardOutput = true, UseShellExecute = false })!;
                var output = fcList.StandardOutput.ReadToEnd();
                fcList.WaitForExit();
                return output.Trim().Length > 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }

    /// <summary>Runs chromium with the common flags plus extra, and returns its standard output.</summary>
    public static string Run(params string[] extra)
    {
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile.Path}",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"chromium did not finish within {s_timeout.TotalSeconds} s: {string.Join(' ', extra)}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
