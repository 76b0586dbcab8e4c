using System.Text.RegularExpressions;
using System.Xml.Linq;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>
/// A stage reruns when code it runs changes only if that code is among its deps. This reads each stage's sources,
/// follows its `using MreRepro.…` lines (and the project references behind them) and checks every folder reached
/// is declared in the pipeline definition.
/// </summary>
public sealed partial class CodeDependencyTests
{
    // How stages are scheduled and recorded, not what they compute: a change there must not rerun the pipeline.
    private static readonly string[] Scheduling = ["src/MreRepro.Pipeline", "src/MreRepro.Stages/Engine", "src/MreRepro.Stages/Definition"];

    public static TheoryData<string> StageNames() =>
        [.. PipelineDefinition.Templates("default", StageContext.Load(RepositoryRoot.Path, "default").Parameters).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(StageNames))]
    public void Should_declare_every_source_folder_the_stage_code_uses(string stage)
    {
        var template = PipelineDefinition.Templates("default", StageContext.Load(RepositoryRoot.Path, "default").Parameters).Single(t => t.Name == stage);
        var own = template.Deps.Single(d => d.StartsWith("src/MreRepro.Stages/", StringComparison.Ordinal)
            && string.Equals(Path.GetFileName(d), stage, StringComparison.OrdinalIgnoreCase));
        var missing = Reached(own).Except(template.Deps).Except(Scheduling).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{stage}: its code uses {string.Join(", ", missing)}, which its deps do not list.");
    }

    [Fact]
    public void Should_follow_usings_across_stage_folders_and_project_references()
    {
        var reached = Reached("src/MreRepro.Stages/Verbalizer");
        Assert.Contains("src/MreRepro.Stages/T5Pretrain", reached);   // using MreRepro.Stages.T5Pretrain
        Assert.Contains("src/MreRepro.Models.T5", reached);
        Assert.Contains("src/MreRepro.Files", reached);               // through MreRepro.Stages.Common
    }

    /// <summary>Every src folder reachable from <paramref name="start"/> through usings and project references.</summary>
    private static HashSet<string> Reached(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            foreach (var next in UsedFolders(folder).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }
        return seen;
    }

    private static IEnumerable<string> UsedFolders(string folder)
    {
        var full = Path.Combine(RepositoryRoot.Path, folder);
        foreach (var file in Directory.EnumerateFiles(full, "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in UsingLine().Matches(File.ReadAllText(file)))
            {
                var parts = m.Groups[1].Value.Split('.');
                yield return parts[0] == "Stages" && parts.Length > 1 ? $"src/MreRepro.Stages/{parts[1]}"
                    : parts[0] == "Models" && parts.Length > 1 && parts[1] == "T5" ? "src/MreRepro.Models.T5"
                    : $"src/MreRepro.{parts[0]}";
            }
        }
        foreach (var project in Directory.EnumerateFiles(full, "*.csproj").Where(_ => !folder.StartsWith("src/MreRepro.Stages/", StringComparison.Ordinal)))
        {
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                yield return "src/" + Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
            }
        }
    }

    [GeneratedRegex(@"^using MreRepro\.([A-Za-z0-9.]+);", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
