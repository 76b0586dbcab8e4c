using System.Text.Json;
using MreRepro.Pipeline.Dvc;
using MreRepro.Stages.Parameters;
using MreRepro.TestSupport;

namespace MreRepro.Stages.Tests.Report;

/// <summary>
/// `build/run-pairs.sh` reports each pair of datasets with a copy of params.yaml whose profile lists only that pair:
/// every other parameter, and every other profile, must come through unchanged, or a part's rows would not be the
/// whole run's rows.
/// </summary>
public sealed class RunPairsScriptTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot.Path, "build", "run-pairs.sh");
    private static readonly string Params = Path.Combine(RepositoryRoot.Path, ParametersFile.DefaultPath);

    [Theory]
    [InlineData("default", "SCNM")]
    [InlineData("default", "SCPOS-NAdj")]
    [InlineData("default", "TCREE")]
    public void Should_keep_only_the_pair_in_the_profile_and_everything_else_as_it_was(string profile, string pair)
    {
        using var folder = new TempFolder();
        var run = TestProcess.Run("bash", [Script, "--profile", profile, "--print-params", pair], workingDirectory: RepositoryRoot.Path);
        Assert.True(run.Code == 0, run.Output);
        var subset = folder.Write("params.yaml", run.Stdout);

        var whole = ParametersFile.Load(Params, profile);
        var part = ParametersFile.Load(subset, profile);

        Assert.Equal([pair, $"{pair}-ctrl"], part.Datasets.Keys);
        foreach (var name in part.Datasets.Keys)
        {
            Assert.Equal(Json(whole.Datasets[name]), Json(part.Datasets[name]));
        }
        whole.Datasets = [];
        part.Datasets = [];
        Assert.Equal(Json(whole), Json(part));
        foreach (var other in ParametersFile.Profiles(Params).Where(p => p != profile))
        {
            Assert.Equal(Json(ParametersFile.Load(Params, other)), Json(ParametersFile.Load(subset, other)));
        }
    }

    /// <summary>
    /// Each finished part records what made it (provenance.txt): a part from another CPU type or with other seeds
    /// must say so. The lines must be the workspace's own: its commit, the profile's seeds as the project's parser
    /// reads them, and the bases' output hashes as dvc.lock records them.
    /// </summary>
    [Fact]
    public void Should_print_the_commit_the_seeds_and_the_bases_the_workspace_records()
    {
        var run = TestProcess.Run("bash", [Script, "--print-provenance"], workingDirectory: RepositoryRoot.Path);
        Assert.True(run.Code == 0, run.Output);
        var lines = run.Stdout.Split('\n').Where(l => l.Contains(": ")).GroupBy(l => l[..l.IndexOf(": ")])
            .ToDictionary(g => g.Key, g => g.First()[(g.Key.Length + 2)..]);

        var git = TestProcess.Run("git", ["rev-parse", "HEAD"], workingDirectory: RepositoryRoot.Path);
        Assert.Equal(git.Code == 0 ? git.Stdout.Trim() : "unknown", lines["commit"]);
        var parameters = ParametersFile.Load(Params, "default");
        Assert.Equal($"[{string.Join(", ", parameters.Finetune.Seeds)}]", lines["finetune seeds"]);
        Assert.Equal($"[{string.Join(", ", parameters.Verbalizer.Seeds)}]", lines["verbalizer seeds"]);
        var lockFile = LockFile.Load(Path.Combine(RepositoryRoot.Path, "dvc.lock"));
        foreach (var stage in new[] { "pretrain", "t5pretrain" })
        {
            var output = Assert.Single(lockFile.Get(stage)!.Outs);
            Assert.Equal($"stages/default/{stage}", output.Path);
            Assert.Equal(output.Hash.Md5, lines[$"{stage} (dvc.lock)"]);
        }
        Assert.Matches("AVX-512: (yes|no)$", lines["cpu"]);
        Assert.Equal("default", lines["profile"]);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());
}
