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
            foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(f, FileAttributes.Normal);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
        GC.SuppressFinalize(this);
    }
}
