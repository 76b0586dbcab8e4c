namespace MreRepro.Pipeline.Cache;

/// <summary>A cache object that is missing, or whose content no longer matches its name (then moved aside to <see cref="MovedTo"/>).</summary>
public sealed record CacheDamage(string ObjectPath, string Md5, string? ActualMd5, string? MovedTo)
{
    public bool Missing => MovedTo is null;

    /// <summary>One line for a researcher: which object, what is wrong with it, where it went.</summary>
    public string Describe(string workspaceRoot)
    {
        var path = Path.GetRelativePath(workspaceRoot, ObjectPath);
        return Missing
            ? $"cache object {path} is missing"
            : $"cache object {path} is corrupt (its content hashes to {ActualMd5}); moved to {Path.GetRelativePath(workspaceRoot, MovedTo!)}";
    }
}

/// <summary>A corrupt cache object met while restoring an output: the object is moved aside and the stage must rerun.</summary>
public sealed class CorruptCacheObjectException(CacheDamage damage, string message) : PipelineException(message)
{
    public CacheDamage Damage { get; } = damage;
}
