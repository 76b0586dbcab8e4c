using MreRepro.Pipeline.Cache;
using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Repro;

/// <summary>A DVC workspace: its root, dvc.lock, params.yaml, cache and hash state.</summary>
public sealed class Workspace
{
    public Workspace(string root, string lockFile = "dvc.lock", string paramsFile = "params.yaml")
    {
        Root = Path.GetFullPath(root);
        LockPath = Path.Combine(Root, lockFile);
        ParamsPath = Path.Combine(Root, paramsFile);
        ParamsFileName = paramsFile;
        Cache = new DvcCache(Root);
        State = HashState.Open(Root);
    }

    public string Root { get; }
    public string LockPath { get; }
    public string ParamsPath { get; }
    public string ParamsFileName { get; }
    public DvcCache Cache { get; }
    public HashState State { get; }
    public string TempDir => Path.Combine(Root, ".dvc", "tmp");

    public string Full(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public HashInfo? Hash(string relative) => PathHasher.Hash(Full(relative), State);

    /// <summary>dvc.lock as it is now, to change and save.</summary>
    public LockFile LoadLock() => LockFile.Load(LockPath);

    /// <summary>
    /// dvc.lock as it is now, for reading only (frozen, shared by the callers of this workspace), parsed again only when
    /// its text changed. A run checks every instance against the lock: parsing the default profile's 1.9 MB lock each
    /// time took about a second per instance.
    /// </summary>
    public LockFile ReadLock()
    {
        if (!File.Exists(LockPath))
        {
            return LockFile.Load(LockPath).Freeze();
        }
        var text = File.ReadAllText(LockPath);
        lock (_readGate)
        {
            if (_read is not { } read || !string.Equals(read.Text, text, StringComparison.Ordinal))
            {
                read = (text, LockFile.Parse(LockPath, text).Freeze());
                _read = read;
            }
            return read.Lock;
        }
    }

    private readonly Lock _readGate = new();
    private (string Text, LockFile Lock)? _read;
}
