using MreRepro.Pipeline.Dvc;
using MreRepro.Pipeline.Hashing;

namespace MreRepro.Pipeline.Repro;

/// <summary>`dvc add` for a folder, and the check that a folder still matches its .dvc file.</summary>
public static class DataVerifier
{
    /// <summary>Writes &lt;name&gt;.dvc beside the folder, caches its contents, and git-ignores the folder.</summary>
    public static DvcFile Add(Workspace workspace, string relativeDir)
    {
        var full = workspace.Full(relativeDir);
        var hash = workspace.Cache.Save(full, workspace.State);
        workspace.State.Save();
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var file = new DvcFile(name, hash);
        file.Save(Path.Combine(parent, name + ".dvc"));
        var gitignore = Path.Combine(parent, ".gitignore");
        var lines = File.Exists(gitignore) ? File.ReadAllLines(gitignore).ToList() : new List<string>();
        if (!lines.Contains("/" + name))
        {
            lines.Add("/" + name);
            File.WriteAllText(gitignore, string.Join("\n", lines) + "\n");
        }
        return file;
    }

    /// <summary>Null when the folder matches; otherwise what differs (per file when the recorded manifest is cached).</summary>
    public static string? Verify(Workspace workspace, string dvcFilePath)
    {
        var recorded = DvcFile.Load(dvcFilePath);
        var dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dvcFilePath))!, recorded.Path);
        var now = recorded.Legacy ? PathHasher.HashLegacy(dir) : PathHasher.Hash(dir, workspace.State);
        workspace.State.Save();
        if (now is null)
        {
            return $"{recorded.Path} does not exist";
        }
        if (now.Md5 == recorded.Hash.Md5)
        {
            return null;
        }
        var lines = new List<string>
        {
            $"{recorded.Path}: md5 {now.Md5} (recorded {recorded.Hash.Md5}), size {now.Size} (recorded {recorded.Hash.Size}), files {now.NFiles} (recorded {recorded.Hash.NFiles})",
        };
        if (recorded.Hash.IsDirectory && File.Exists(workspace.Cache.ObjectPath(recorded.Hash.Md5)))
        {
            var before = workspace.Cache.ReadManifest(recorded.Hash.Md5).Entries.ToDictionary(e => e.RelativePath, e => e.Md5);
            var after = (recorded.Legacy ? DirectoryManifest.Build(dir, FileHasher.Dos2UnixMd5) : DirectoryManifest.Build(dir, workspace.State)).Entries.ToDictionary(e => e.RelativePath, e => e.Md5);
            lines.AddRange(after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => $"  added: {kv.Key}"));
            lines.AddRange(before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => $"  missing: {kv.Key}"));
            lines.AddRange(after.Where(kv => before.TryGetValue(kv.Key, out var m) && m != kv.Value).Select(kv => $"  modified: {kv.Key}"));
        }
        return string.Join("\n", lines);
    }
}
