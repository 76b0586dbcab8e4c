namespace MreRepro.Pipeline.Hashing;

/// <summary>What DVC records for a dependency or output: md5 (with ".dir" for folders), size, and file count for folders.</summary>
public sealed record HashInfo(string Md5, long Size, int? NFiles)
{
    public bool IsDirectory => Md5.EndsWith(".dir", StringComparison.Ordinal);
}
