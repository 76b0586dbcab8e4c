using MreRepro.Stages.Data;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// A throwaway checkout for the smoke profile: the repository's code, CLI build, templates and parameters linked
/// or copied in, data/ regenerated from the generator (it must match the committed data.dvc).
/// </summary>
internal sealed class SmokeWorkspace : IDisposable
{
    public SmokeWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("mre-smoke-").FullName;
        var repo = RepositoryRoot.Path;
        foreach (var link in new[] { "src", "artifacts", "build" })
        {
            Directory.CreateSymbolicLink(Path.Combine(Root, link), Path.Combine(repo, link));
        }
        Directory.CreateDirectory(Path.Combine(Root, "reports"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "reports", "templates"), Path.Combine(repo, "reports", "templates"));
        File.Copy(Path.Combine(repo, "reports", "paper-reference.yaml"), Path.Combine(Root, "reports", "paper-reference.yaml"));
        File.Copy(Path.Combine(repo, "params.yaml"), Path.Combine(Root, "params.yaml"));
        File.Copy(Path.Combine(repo, "data.dvc"), Path.Combine(Root, "data.dvc"));
        Directory.CreateDirectory(Path.Combine(Root, ".dvc"));
        DefaultCorpus.Ensure(Root);
    }

    public string Root { get; }

    public void ReplaceInParams(string from, string to)
    {
        var path = Path.Combine(Root, "params.yaml");
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    public void Dispose()
    {
        try
        {
            // Cache objects are read-only; make them writable so the folder can go.
            foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, ".dvc"), "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
