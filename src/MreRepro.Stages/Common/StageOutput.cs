using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MreRepro.Stages.Common;

/// <summary>
/// An output folder written all-or-nothing: the stage writes into a fresh, uniquely named temporary sibling
/// (<c>NAME.mre-tmp-PID-RANDOM</c>), and <see cref="Commit"/> swaps it in by renames. A crash or kill before Commit leaves
/// the previous outputs untouched. Only siblings of that exact form left by processes that no longer run are cleaned up;
/// any other folder beside the output (<c>NAME.tmp-x</c>, <c>NAME.old</c>, …) is never touched.
/// </summary>
public sealed class StageOutput : IDisposable
{
    private bool _committed;

    private StageOutput(string finalPath, string tempPath)
    {
        FinalPath = finalPath;
        Path = tempPath;
    }

    /// <summary>Where the stage writes while running.</summary>
    public string Path { get; }

    /// <summary>Where the outputs live once committed.</summary>
    public string FinalPath { get; }

    /// <summary>Starts writing <paramref name="finalPath"/>; errors name that path (never the temporary one) and what to do.</summary>
    public static StageOutput Begin(string finalPath)
    {
        var full = FullFolderPath(finalPath);
        var parent = System.IO.Path.GetDirectoryName(full)!;
        if (System.IO.File.Exists(full))
        {
            throw new StageException($"{finalPath}: is a file; the outputs go into a folder, so give a folder path that is not a file.");
        }

        if (FirstFileOnPath(parent) is { } file)
        {
            throw new StageException($"{finalPath}: {file} is a file, not a folder; choose an output folder whose parents are folders.");
        }

        var temp = Unwritable(finalPath, parent, () =>
        {
            Directory.CreateDirectory(parent);
            RecoverInterruptedSwap(full);
            var path = UniqueSibling(full, "tmp");
            Directory.CreateDirectory(path);
            return path;
        });
        return new StageOutput(full, temp);
    }

    /// <summary>Path of a file inside the temporary output folder.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Commit()
    {
        // A stage run inside the engine's process that the engine stopped must not swap its outputs in afterwards.
        Unwritable(FinalPath, System.IO.Path.GetDirectoryName(FinalPath)!, () => Pipeline.Repro.InProcessStop.Guard(() =>
        {
            string? old = null;
            if (Directory.Exists(FinalPath))
            {
                old = UniqueSibling(FinalPath, "old");
                Directory.Move(FinalPath, old);
            }

            try
            {
                Directory.Move(Path, FinalPath);
            }
            catch when (old is not null)
            {
                Directory.Move(old, FinalPath);
                throw;
            }

            _committed = true;
            if (old is not null)
            {
                Directory.Delete(old, recursive: true);
            }

            return FinalPath;
        }));
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    /// <summary>The absolute folder path without a trailing separator ("out/" and "out" are the same folder).</summary>
    public static string FullFolderPath(string path)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        return System.IO.Path.GetDirectoryName(full) is null
            ? throw new StageException($"{path}: the file system root cannot be an output folder; give a folder below it.")
            : full;
    }

    private static string? FirstFileOnPath(string folder)
    {
        for (var current = folder; current is not null; current = System.IO.Path.GetDirectoryName(current))
        {
            if (System.IO.File.Exists(current))
            {
                return current;
            }
        }

        return null;
    }

    private static T Unwritable<T>(string finalPath, string parent, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (UnauthorizedAccessException)
        {
            throw new StageException($"{finalPath}: cannot write in {parent} (permission denied); choose a folder you can write to.");
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // .NET's message ends with the path it was working on (our temporary sibling); keep only the reason.
            var reason = e.Message.Split(" : '", 2)[0].Trim().TrimEnd('.');
            throw new StageException($"{finalPath}: cannot write in {parent} ({reason}); choose a writable folder.");
        }
    }

    private static string UniqueSibling(string full, string kind) =>
        $"{full}.mre-{kind}-{Environment.ProcessId}-{Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4).ToLowerInvariant()}";

    // Leftovers of killed runs of this class: temp folders are dropped; an old folder is put back if the swap was cut short.
    private static void RecoverInterruptedSwap(string full)
    {
        var parent = System.IO.Path.GetDirectoryName(full)!;
        var pattern = new Regex("^" + Regex.Escape(System.IO.Path.GetFileName(full)) + @"\.mre-(tmp|old)-(\d+)-[0-9a-f]{8}$");
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var match = pattern.Match(System.IO.Path.GetFileName(dir));
            if (!match.Success || IsRunning(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                continue;
            }

            if (match.Groups[1].Value == "old" && !Directory.Exists(full))
            {
                Directory.Move(dir, full);
            }
            else
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
