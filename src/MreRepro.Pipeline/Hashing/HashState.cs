using System.Text.Json;
using MreRepro.Files;

namespace MreRepro.Pipeline.Hashing;

/// <summary>
/// Remembers file hashes by (path, size, modification time, inode) in .dvc/tmp, like DVC's state database, so a
/// no-op run does not re-read unchanged files.
/// </summary>
public sealed class HashState
{
    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries;
    private bool _dirty;

    private HashState(string path, Dictionary<string, Entry> entries)
    {
        _path = path;
        _entries = entries;
    }

    public static HashState Open(string workspace)
    {
        var path = Path.Combine(workspace, ".dvc", "tmp", "mre-hash-state.json");
        try
        {
            var entries = File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path)) ?? new()
                : new();
            return new HashState(path, entries);
        }
        catch (JsonException)
        {
            return new HashState(path, new());   // a damaged state file only costs re-hashing
        }
    }

    public string Md5(string file)
    {
        var info = new FileInfo(file);
        var key = info.FullName;
        var inode = FileIdentity.Inode(info.FullName);
        if (_entries.TryGetValue(key, out var e) && e.Size == info.Length && e.Ticks == info.LastWriteTimeUtc.Ticks && e.Inode == inode)
        {
            return e.Md5;
        }
        var md5 = FileHasher.Md5(file);
        _entries[key] = new Entry(info.Length, info.LastWriteTimeUtc.Ticks, md5, inode);
        _dirty = true;
        return md5;
    }

    /// <summary>
    /// Writes the state when it changed. The state only saves re-reading files, so a checkout where it cannot be
    /// written (read-only, disk full) just hashes again next time.
    /// </summary>
    public void Save()
    {
        if (!_dirty)
        {
            return;
        }
        try
        {
            AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(_entries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        _dirty = false;
    }

    public sealed record Entry(long Size, long Ticks, string Md5, ulong Inode = 0);
}
