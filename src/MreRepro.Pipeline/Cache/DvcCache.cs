using System.Security.Cryptography;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Cache;

/// <summary>
/// The content-addressed cache in DVC 3.x layout: .dvc/cache/files/md5/ab/cdef… for files, and the folder's
/// `.dir` manifest stored under its own hash. Objects are read-only and written through a uniquely named temp file
/// and a rename, so two processes storing the same object at once is harmless. Objects are not trusted: their md5 is
/// checked when an output is restored from them and when an output is stored over them, and one that does not
/// match its name is moved aside to .dvc/tmp/corrupt-objects (never used, never silently deleted).
/// </summary>
public sealed class DvcCache(string workspace)
{
    private const int ChunkSize = 1 << 20;
    private readonly List<CacheDamage> _damage = [];

    public string Root { get; } = Path.Combine(workspace, ".dvc", "cache", "files", "md5");

    /// <summary>Where corrupt objects are moved, under the same ab/cdef… names.</summary>
    public string QuarantineRoot { get; } = Path.Combine(workspace, ".dvc", "tmp", "corrupt-objects");

    /// <summary>Every corrupt object this cache found and moved aside, in the order found.</summary>
    public IReadOnlyList<CacheDamage> Damage => _damage;

    public string ObjectPath(string md5) => Path.Combine(Root, md5[..2], md5[2..]);

    /// <summary>
    /// Whether every object of a recorded output exists (as `dvc status` asks; contents are checked when used, or by
    /// <see cref="Verify"/>). A folder whose manifest does not match its name counts as absent.
    /// </summary>
    public bool Contains(HashInfo hash)
    {
        if (!File.Exists(ObjectPath(hash.Md5)))
        {
            return false;
        }
        if (!hash.IsDirectory)
        {
            return true;
        }
        var bytes = File.ReadAllBytes(ObjectPath(hash.Md5));
        return FileHasher.Md5(bytes) == ManifestMd5(hash.Md5)
            && DirectoryManifest.Parse(bytes).Entries.All(e => File.Exists(ObjectPath(e.Md5)));
    }

    /// <summary>
    /// Stores a file or a folder (its files and its manifest) and returns its hash. An object already present is
    /// re-hashed; a corrupt one is moved aside and replaced (so `--force` repairs the cache).
    /// </summary>
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
        var bytes = manifest.Serialize();
        var target = ObjectPath(hash.Md5);
        if (!File.Exists(target) || !IsIntact(target, ManifestMd5(hash.Md5)))
        {
            WriteObject(target, temp => File.WriteAllBytes(temp, bytes));
        }
        return hash;
    }

    /// <summary>
    /// Recreates a recorded output from the cache, replacing whatever is at the path. The copy is built beside the
    /// path and checked against the recorded md5 of every file before it replaces anything; a corrupt object is moved
    /// aside and <see cref="CorruptCacheObjectException"/> thrown, leaving the path as it was.
    /// </summary>
    public void Checkout(string fullPath, HashInfo hash)
    {
        var temp = $"{fullPath}.checkout-{Guid.NewGuid():N}";
        try
        {
            if (hash.IsDirectory)
            {
                Directory.CreateDirectory(temp);
                foreach (var entry in ReadManifest(hash.Md5).Entries)
                {
                    CopyOut(entry.Md5, Path.Combine(temp, entry.RelativePath), fullPath);
                }
            }
            else
            {
                CopyOut(hash.Md5, temp, fullPath);
            }
            Delete(fullPath);
            if (hash.IsDirectory)
            {
                Directory.Move(temp, fullPath);
            }
            else
            {
                File.Move(temp, fullPath);
            }
        }
        finally
        {
            Delete(temp);
        }
    }

    /// <summary>
    /// Re-hashes every object of a recorded output (`dvc status -c` / `dvc fetch` checks): returns what is missing or
    /// corrupt; corrupt objects are moved aside.
    /// </summary>
    public IReadOnlyList<CacheDamage> Verify(HashInfo hash)
    {
        var problems = new List<CacheDamage>();
        var path = ObjectPath(hash.Md5);
        if (!File.Exists(path))
        {
            return [new CacheDamage(path, hash.Md5, null, null)];
        }
        var expected = hash.IsDirectory ? ManifestMd5(hash.Md5) : hash.Md5;
        if (!IsIntact(path, expected))
        {
            return [_damage[^1]];
        }
        if (hash.IsDirectory)
        {
            foreach (var entry in ReadManifest(hash.Md5).Entries.DistinctBy(e => e.Md5))
            {
                var file = ObjectPath(entry.Md5);
                if (!File.Exists(file))
                {
                    problems.Add(new CacheDamage(file, entry.Md5, null, null));
                }
                else if (!IsIntact(file, entry.Md5))
                {
                    problems.Add(_damage[^1]);
                }
            }
        }
        return problems;
    }

    /// <summary>Reads a folder's `.dir` manifest; one that does not match its name is moved aside and reported.</summary>
    public DirectoryManifest ReadManifest(string dirMd5)
    {
        var path = ObjectPath(dirMd5);
        if (!File.Exists(path))
        {
            throw new PipelineException($"{dirMd5} is not in the cache.");
        }
        var bytes = File.ReadAllBytes(path);
        var actual = FileHasher.Md5(bytes);
        if (actual != ManifestMd5(dirMd5))
        {
            throw Corrupt(path, dirMd5, actual, path);
        }
        return DirectoryManifest.Parse(bytes);
    }

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

    private static string ManifestMd5(string dirMd5) => dirMd5[..^".dir".Length];

    private void StoreFile(string source, string md5)
    {
        var target = ObjectPath(md5);
        if (File.Exists(target) && IsIntact(target, md5))
        {
            return;
        }
        WriteObject(target, temp =>
        {
            // The md5 may come from the hash state: check that the bytes stored are the ones it names.
            var copied = CopyHashing(source, temp);
            if (copied != md5)
            {
                throw new PipelineException($"{source} changed while it was being cached (md5 {md5} expected, {copied} copied); rerun the stage.");
            }
        });
    }

    // Whether an existing object still hashes to its name; if not, it is moved aside and recorded.
    private bool IsIntact(string path, string md5)
    {
        var actual = FileHasher.Md5(path);
        if (actual == md5)
        {
            return true;
        }
        Quarantine(path, md5, actual);
        return false;
    }

    private CorruptCacheObjectException Corrupt(string objectPath, string md5, string actual, string restoring)
    {
        var damage = Quarantine(objectPath, md5, actual);
        return new CorruptCacheObjectException(damage,
            $"cannot restore {restoring}: {damage.Describe(workspace)}. The output must be recomputed (or stored again from a good copy).");
    }

    private CacheDamage Quarantine(string objectPath, string md5, string actual)
    {
        var relative = Path.GetRelativePath(Root, objectPath);
        var aside = Path.Combine(QuarantineRoot, relative);
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = Path.Combine(QuarantineRoot, $"{relative}.{n}");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
        try
        {
            File.Move(objectPath, aside);
        }
        catch (FileNotFoundException)
        {
            // Another process moved it aside first.
        }
        var damage = new CacheDamage(objectPath, md5, actual, aside);
        _damage.Add(damage);
        return damage;
    }

    // A unique temp name (not just the pid: jobs on two machines may share one), then a rename over the target.
    private static void WriteObject(string target, Action<string> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            write(temp);
            MakeReadOnly(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    // Cache objects are read-only, as DVC keeps them, so a linked workspace file cannot corrupt the cache.
    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    // Copies an object out, checking on the way that it still is what its name says.
    private void CopyOut(string md5, string target, string restoring)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var source = ObjectPath(md5);
        if (!File.Exists(source))
        {
            throw new PipelineException($"cannot restore {restoring}: {md5} is not in the cache.");
        }
        var actual = CopyHashing(source, target);
        if (actual != md5)
        {
            throw Corrupt(source, md5, actual, restoring);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static string CopyHashing(string source, string target)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize))
        using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, ChunkSize))
        {
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
            }
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
