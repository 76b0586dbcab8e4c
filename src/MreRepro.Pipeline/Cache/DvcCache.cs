using MreRepro.Pipeline.Hashing;
using MreRepro.Files;

namespace MreRepro.Pipeline.Cache;

/// <summary>
/// The content-addressed cache in DVC 3.x layout: .dvc/cache/files/md5/ab/cdef… for files, and the folder's
/// `.dir` manifest stored under its own hash. Objects are read-only and written through a temp file and rename.
/// </summary>
public sealed class DvcCache(string workspace)
{
    public string Root { get; } = Path.Combine(workspace, ".dvc", "cache", "files", "md5");

    public string ObjectPath(string md5) => Path.Combine(Root, md5[..2], md5[2..]);

    public bool Contains(HashInfo hash)
    {
        if (!File.Exists(ObjectPath(hash.Md5)))
        {
            return false;
        }
        return !hash.IsDirectory || ReadManifest(hash.Md5).Entries.All(e => File.Exists(ObjectPath(e.Md5)));
    }

    /// <summary>Stores a file or a folder (its files and its manifest) and returns its hash.</summary>
    public HashInfo Save(string fullPath, HashState? state = null)
    {
        if (File.Exists(fullPath))
        {
            var md5 = state?.Md5(fullPath) ?? FileHasher.Md5(fullPath);
            StoreFile(fullPath, md5);
            return new HashInfo(md5, new FileInfo(fullPath).Length, null);
        }
        if (!Directory.Exists(fullPath))
        {
            throw new PipelineException($"cannot cache {fullPath}: it does not exist.");
        }
        var manifest = DirectoryManifest.Build(fullPath, state);
        foreach (var entry in manifest.Entries)
        {
            StoreFile(Path.Combine(fullPath, entry.RelativePath), entry.Md5);
        }
        var hash = manifest.Hash();
        StoreBytes(manifest.Serialize(), hash.Md5);
        return hash;
    }

    /// <summary>Recreates a recorded output from the cache (replacing whatever is at the path).</summary>
    public void Checkout(string fullPath, HashInfo hash)
    {
        if (!Contains(hash))
        {
            throw new PipelineException($"cannot restore {fullPath}: {hash.Md5} is not in the cache.");
        }
        Delete(fullPath);
        if (!hash.IsDirectory)
        {
            CopyOut(ObjectPath(hash.Md5), fullPath);
            return;
        }
        Directory.CreateDirectory(fullPath);
        foreach (var entry in ReadManifest(hash.Md5).Entries)
        {
            CopyOut(ObjectPath(entry.Md5), Path.Combine(fullPath, entry.RelativePath));
        }
    }

    public DirectoryManifest ReadManifest(string dirMd5) => DirectoryManifest.Parse(File.ReadAllBytes(ObjectPath(dirMd5)));

    public static void Delete(string fullPath)
    {
        if (File.Exists(fullPath))
        {
            File.Delete(fullPath);
        }
        else if (Directory.Exists(fullPath))
        {
            Directory.Delete(fullPath, recursive: true);
        }
    }

    private void StoreFile(string source, string md5)
    {
        var target = ObjectPath(md5);
        if (File.Exists(target))
        {
            return;
        }
        AtomicFile.Write(target, temp =>
        {
            File.Copy(source, temp, overwrite: true);
            MakeReadOnly(temp);
        });
    }

    private void StoreBytes(byte[] bytes, string md5)
    {
        var target = ObjectPath(md5);
        if (File.Exists(target))
        {
            return;
        }
        AtomicFile.Write(target, temp =>
        {
            File.WriteAllBytes(temp, bytes);
            MakeReadOnly(temp);
        });
    }

    // Cache objects are read-only, as DVC keeps them, so a linked workspace file cannot corrupt the cache.
    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static void CopyOut(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
