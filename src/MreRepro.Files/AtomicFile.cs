using System.Text;

namespace MreRepro.Files;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so a reader (or a rerun after a crash) sees the old
/// file or the new one, never half of one. The temporary file is removed when writing it fails.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => Write(path, temp => File.WriteAllText(temp, text, Utf8NoBom));

    /// <summary>Each line followed by "\n", whatever the platform.</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) =>
        WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>
    /// Lets <paramref name="writeTemp"/> write the content to the path it is given (for libraries that write files
    /// themselves), then renames that file over <paramref name="path"/>, creating the folder if needed.
    /// </summary>
    public static void Write(string path, Action<string> writeTemp)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempPathFor(full);
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// A fresh temporary sibling for <paramref name="path"/>: unique per call, so threads, processes and nodes that
    /// write the same file at once (two jobs storing one cache object) never share a temporary file.
    /// </summary>
    public static string TempPathFor(string path) => $"{Path.GetFullPath(path)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
}
