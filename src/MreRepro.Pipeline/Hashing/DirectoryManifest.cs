using System.Text;

namespace MreRepro.Pipeline.Hashing;

/// <summary>One file of a directory manifest.</summary>
public sealed record ManifestEntry(string RelativePath, string Md5, long Size);

/// <summary>
/// DVC's `.dir` object: files only (empty folders leave no trace), '/'-separated paths sorted by code point,
/// serialised as json.dumps(sort_keys=True) of [{"md5", "relpath"}]; its MD5 plus ".dir" is the folder's hash.
/// </summary>
public sealed class DirectoryManifest
{
    public DirectoryManifest(IEnumerable<ManifestEntry> entries)
    {
        Entries = entries.OrderBy(e => e.RelativePath, CodePointComparer.Instance).ToList();
    }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    public byte[] Serialize()
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < Entries.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append("{\"md5\": ").Append(PythonJson.Quote(Entries[i].Md5))
                .Append(", \"relpath\": ").Append(PythonJson.Quote(Entries[i].RelativePath)).Append('}');
        }
        return Encoding.UTF8.GetBytes(text.Append(']').ToString());
    }

    public HashInfo Hash() => new(FileHasher.Md5(Serialize()) + ".dir", Entries.Sum(e => e.Size), Entries.Count);

    /// <summary>Walks a folder (honouring nothing but the files themselves) and hashes each file through the state cache.</summary>
    public static DirectoryManifest Build(string directory, HashState? state = null) =>
        Build(directory, f => state?.Md5(f) ?? FileHasher.Md5(f));

    /// <summary>Walks a folder hashing each file with the given function (plain MD5, or the legacy dos2unix MD5).</summary>
    public static DirectoryManifest Build(string directory, Func<string, string> hashFile)
    {
        var root = Path.GetFullPath(directory);
        var entries = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new ManifestEntry(
                Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'),
                hashFile(f),
                new FileInfo(f).Length));
        return new DirectoryManifest(entries);
    }

    /// <summary>Reads a `.dir` object (as stored in the cache) back.</summary>
    public static DirectoryManifest Parse(byte[] bytes)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(bytes);
        return new DirectoryManifest(doc.RootElement.EnumerateArray().Select(e => new ManifestEntry(
            e.GetProperty("relpath").GetString()!, e.GetProperty("md5").GetString()!, 0)));
    }
}
