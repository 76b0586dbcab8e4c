namespace MreRepro.Pipeline.Hashing;

/// <summary>Hashes a workspace path (file or folder) the way DVC records it; null when it does not exist.</summary>
public static class PathHasher
{
    public static HashInfo? Hash(string fullPath, HashState? state = null)
    {
        if (File.Exists(fullPath))
        {
            return new HashInfo(state?.Md5(fullPath) ?? FileHasher.Md5(fullPath), new FileInfo(fullPath).Length, null);
        }
        if (Directory.Exists(fullPath))
        {
            return DirectoryManifest.Build(fullPath, state).Hash();
        }
        return null;
    }

    /// <summary>The DVC 2.x md5-dos2unix hash of a file or folder, to compare with entries written without `hash: md5`.</summary>
    public static HashInfo? HashLegacy(string fullPath)
    {
        if (File.Exists(fullPath))
        {
            return new HashInfo(FileHasher.Dos2UnixMd5(fullPath), new FileInfo(fullPath).Length, null);
        }
        if (Directory.Exists(fullPath))
        {
            return DirectoryManifest.Build(fullPath, FileHasher.Dos2UnixMd5).Hash();
        }
        return null;
    }
}
