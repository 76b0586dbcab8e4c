using MreRepro.Stages.Data;

namespace MreRepro.Stages.Tests.EndToEnd;

/// <summary>
/// A throwaway checkout for the smoke profile: the repository's code, CLI build, templates and parameters linked
/// or copied in, data/ regenerated from the generator (it must match the committed data.dvc).
/// </summary>
internal sealed class SmokeWorkspace : TempFolder
{
    public SmokeWorkspace() : base("mre-smoke-")
    {
        var repo = RepositoryRoot.Path;
        foreach (var link in new[] { "src", "artifacts", "build" })
        {
            Directory.CreateSymbolicLink(System.IO.Path.Combine(Root, link), System.IO.Path.Combine(repo, link));
        }
        Directory.CreateDirectory(System.IO.Path.Combine(Root, "reports"));
        Directory.CreateSymbolicLink(System.IO.Path.Combine(Root, "reports", "templates"), System.IO.Path.Combine(repo, "reports", "templates"));
        File.Copy(System.IO.Path.Combine(repo, "reports", "paper-reference.yaml"), System.IO.Path.Combine(Root, "reports", "paper-reference.yaml"));
        File.Copy(System.IO.Path.Combine(repo, "params.yaml"), System.IO.Path.Combine(Root, "params.yaml"));
        File.Copy(System.IO.Path.Combine(repo, "data.dvc"), System.IO.Path.Combine(Root, "data.dvc"));
        Directory.CreateDirectory(System.IO.Path.Combine(Root, ".dvc"));
        DefaultCorpus.Ensure(Root);
    }

    public string Root => Path;

    public void ReplaceInParams(string from, string to)
    {
        var path = System.IO.Path.Combine(Root, "params.yaml");
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }
}
