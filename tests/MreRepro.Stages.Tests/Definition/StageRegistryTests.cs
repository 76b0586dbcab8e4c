using System.Diagnostics;
using System.Text.RegularExpressions;
using MreRepro.Pipeline.Graph;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>
/// A stage is declared once, in the stage registry: dvc.yaml's stages, their commands and code folders, and the
/// CLI's stage verbs all come from it (CakeGraphTests checks that Cake's tasks are dvc.yaml's instances).
/// </summary>
public sealed class StageRegistryTests
{
    private static readonly StageContext Default = StageContext.Load(RepositoryRoot.Path, "default");

    [Fact]
    public void Should_write_one_dvc_yaml_stage_per_declared_stage_in_registry_order()
    {
        var fromFile = DvcYaml.Read(Path.Combine(RepositoryRoot.Path, "dvc.yaml"));
        Assert.Equal(StageRegistry.All.Select(s => s.Name), fromFile.Select(t => t.Name));
    }

    [Fact]
    public void Should_run_each_stage_through_its_own_verb_and_list_its_folder_first()
    {
        foreach (var template in PipelineDefinition.Templates(Default))
        {
            var stage = StageRegistry.Get(template.Name);
            Assert.StartsWith($"build/mre {stage.Name} --profile default", template.Cmd, StringComparison.Ordinal);
            Assert.Equal(SourceFolders.Of(stage.Code), template.Deps.First(d => d.StartsWith("src/", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Should_take_the_matrix_keys_from_the_domain_and_the_stage()
    {
        Assert.Equal(["wl", "tli", "tl", "wli"], StageRegistry.Conditions);
        Assert.Equal(["tli", "wli"], StageRegistry.InformationConditions);
        Assert.Equal(Stages.Verbalizer.VerbalizerStage.Kinds, StageRegistry.Verbalizers);
    }

    [SkippableFact]
    public void Should_offer_one_cli_verb_per_declared_stage()
    {
        Skip.IfNot(File.Exists(RepositoryRoot.CliDll), $"{RepositoryRoot.CliDll} is missing: run ./build.sh --target=Test (it builds the CLI first).");
        foreach (var stage in StageRegistry.All)
        {
            var (code, output) = Mre(stage.Name, "--help");
            Assert.True(code == 0, $"mre {stage.Name} --help: exit {code}\n{output}");
            // Spectre wraps the description to the console width.
            Assert.Contains(stage.Summary.TrimEnd('.'), Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        }
    }

    private static (int Code, string Output) Mre(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryRoot.CliDll, .. args])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
