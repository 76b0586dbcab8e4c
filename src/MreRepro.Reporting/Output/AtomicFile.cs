using System.Text;

namespace MreRepro.Reporting.Output;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so readers never see half a report.</summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteText(string path, string text) => WriteBytes(path, s_utf8NoBom.GetBytes(text));

    public static void WriteBytes(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
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
}
