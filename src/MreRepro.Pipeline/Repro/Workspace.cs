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

    public LockFile LoadLock() => LockFile.Load(LockPath);
}
