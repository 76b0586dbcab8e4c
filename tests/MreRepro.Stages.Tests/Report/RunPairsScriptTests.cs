using System.Text.Json;
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

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());
}
