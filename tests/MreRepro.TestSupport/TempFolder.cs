namespace MreRepro.TestSupport;

/// <summary>
/// A fresh folder under the system temp folder for one test, deleted on dispose (read-only files, such as cache
/// objects, included).
/// </summary>
public class TempFolder : IDisposable
{
    public TempFolder(string prefix = "mre-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of a file or folder inside.</summary>
    public string PathOf(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes UTF-8 text (no BOM), creating folders; returns the full path.</summary>
    public string Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>Writes a script as <see cref="Write"/> does and makes it executable by its owner; returns the full path.</summary>
    public string WriteExecutable(string relative, string text) => MakeExecutable(Write(relative, text));

    /// <summary>Gives a file its owner's read, write and execute bits (on Unix; Windows has none to give); returns the path.</summary>
    public static string MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public bool Exists(string relative) => File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative));

    public void Dispose()
    {
        try
        {
            if (!Directory.Exists(Path))
            {
                return;
            }
            MakeWritable(new DirectoryInfo(Path));
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Makes the files inside writable so the folder can go, never through a symbolic link: a workspace links the
    /// repository's src/, build/ and artifacts/, whose files must keep their modes (build/mre its executable bit).
    /// </summary>
    private static void MakeWritable(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }
            if (entry is DirectoryInfo sub)
            {
                MakeWritable(sub);
            }
            else if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(entry.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            else
            {
                File.SetAttributes(entry.FullName, FileAttributes.Normal);
            }
        }
    }
}
