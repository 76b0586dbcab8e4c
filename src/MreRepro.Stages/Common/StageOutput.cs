namespace MreRepro.Stages.Common;

/// <summary>
/// An output folder written all-or-nothing: the stage writes into a temporary sibling, and <see cref="Commit"/>
/// swaps it in by renames. A crash or kill before Commit leaves the previous outputs untouched.
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

    public static StageOutput Begin(string finalPath)
    {
        var full = System.IO.Path.GetFullPath(finalPath);
        var parent = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        RemoveStaleSiblings(full);
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
        Directory.CreateDirectory(temp);
        return new StageOutput(full, temp);
    }

    /// <summary>Path of a file inside the temporary output folder.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Commit()
    {
        var old = $"{FinalPath}.old-{Environment.ProcessId}";
        if (Directory.Exists(FinalPath))
        {
            Directory.Move(FinalPath, old);
        }
        Directory.Move(Path, FinalPath);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    // Leftovers of killed runs: temp folders are dropped; an .old folder is restored if the swap was cut short.
    private static void RemoveStaleSiblings(string full)
    {
        var parent = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileName(full);
        // The pattern "x.*" also matches "x" itself (DOS wildcard rules), hence the explicit prefix test.
        foreach (var dir in Directory.EnumerateDirectories(parent, name + ".*").Where(d => d.StartsWith(full + ".", StringComparison.Ordinal)))
        {
            var suffix = dir[(full.Length + 1)..];
            if (suffix.StartsWith("tmp-", StringComparison.Ordinal))
            {
                Directory.Delete(dir, recursive: true);
            }
            else if (suffix.StartsWith("old-", StringComparison.Ordinal))
            {
                if (Directory.Exists(full))
                {
                    Directory.Delete(dir, recursive: true);
                }
                else
                {
                    Directory.Move(dir, full);
                }
            }
        }
    }
}
