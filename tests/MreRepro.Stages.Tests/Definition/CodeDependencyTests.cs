using System.Text.RegularExpressions;
using MreRepro.Stages.Common;
using MreRepro.Stages.Definition;

namespace MreRepro.Stages.Tests.Definition;

/// <summary>
/// A stage reruns when code it runs changes only if that code is among its deps, and only then. The deps come from
/// the compiled code (<see cref="CodeUsage"/>); these tests check what they see, the layering of the stage folders
/// (no folder cycle, no stage folder using another) and that a shared file reruns exactly the stages that use it.
/// </summary>
public sealed partial class CodeDependencyTests
{
    private const string Stages = "src/MreRepro.Stages";
    private static readonly StageContext Default = StageContext.Load(RepositoryRoot.Path, "default");

    [Fact]
    public void Should_have_no_folder_cycle_in_the_stages_project()
    {
        var graph = SourceFolders.ProjectFolderGraph();
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"folder cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Theory]
    [InlineData("MreRepro.Domain")]
    [InlineData("MreRepro.Files")]
    [InlineData("MreRepro.Models")]
    [InlineData("MreRepro.Models.T5")]
    [InlineData("MreRepro.Pipeline")]
    [InlineData("MreRepro.Reporting")]
    [InlineData("MreRepro.Training")]
    public void Should_have_no_folder_cycle_in_another_src_project(string project)
    {
        // Projects cannot reference each other in a cycle (MSBuild refuses); inside one, a folder is its namespace.
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == project)
            ?? System.Reflection.Assembly.Load(project);
        string FolderOf(Type t) => t.Namespace ?? project;
        var graph = assembly.GetTypes()
            .Where(t => t.DeclaringType is null && !t.Name.StartsWith('<'))
            .GroupBy(FolderOf)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(CodeUsage.TypesUsedBy)
                .Where(t => t.Assembly == assembly && !t.Name.StartsWith('<'))
                .Select(t => FolderOf(CodeUsage.Outermost(t)))
                .Where(f => f != g.Key)
                .ToHashSet());
        Assert.True(graph.Count > 1 || project == "MreRepro.Files", $"{project}: expected several folders, found {graph.Count}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"{project}: folder cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Should_keep_each_stage_folder_for_its_stage_alone()
    {
        var stageFolders = StageRegistry.All.Select(s => SourceFolders.Of(s.Code)!).ToHashSet();
        Assert.Equal(StageRegistry.All.Count, stageFolders.Count);
        var graph = SourceFolders.ProjectFolderGraph();
        var leaning = stageFolders.SelectMany(f => graph[f].Where(stageFolders.Contains).Select(g => $"{f} uses {g}")).ToList();
        Assert.True(leaning.Count == 0, string.Join("; ", leaning));
        // Plumbing does not reach into a stage either (only the stage registry names each stage's entry point).
        var plumbing = graph.Keys.Except(stageFolders).Where(f => f != $"{Stages}/Definition");
        Assert.Empty(plumbing.SelectMany(f => graph[f].Where(stageFolders.Contains).Select(g => $"{f} uses {g}")));
    }

    [Fact]
    public void Should_keep_namespaces_equal_to_folders_so_the_folder_of_a_type_is_known()
    {
        var root = Path.Combine(RepositoryRoot.Path, Stages);
        var wrong = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(RepositoryRoot.Path, f), Namespace: Namespace().Match(File.ReadAllText(f)).Groups[1].Value))
            .Where(f => FolderOfNamespace(f.Namespace) != Path.GetDirectoryName(f.File))
            .Select(f => $"{f.File}: namespace {f.Namespace}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    [Fact]
    public void Should_see_types_used_by_a_partly_qualified_name()
    {
        // SaliencyStage names `Domain.Records.MreRecord` without a using line; a using-line scan missed such uses.
        var used = CodeUsage.TypesUsedBy(typeof(Stages.Saliency.SaliencyStage));
        Assert.Contains(typeof(Domain.Records.MreRecord), used);
        Assert.Contains(typeof(Stages.ModelAccess.LoadedLanguageModel), used);
    }

    [Theory]
    [InlineData("ModelAccess/LoadedLanguageModel.cs", "pretrain,finetune,evaluate,saliency")]
    [InlineData("ModelAccess/LanguageModelStore.cs", "pretrain,finetune,evaluate,saliency")]
    [InlineData("ModelAccess/T5Store.cs", "verbalizer")]
    [InlineData("ModelAccess/TrimmedT5Tokenizer.cs", "t5pretrain,verbalizer")]
    [InlineData("ModelAccess/ModelThreads.cs", "pretrain,finetune,evaluate,saliency,t5pretrain,verbalizer")]
    [InlineData("ModelAccess/ModelFolders.cs", "pretrain,finetune,evaluate,saliency,verbalizer,report")]
    [InlineData("TrainingRuns/TrainingProgressView.cs", "pretrain,finetune,t5pretrain")]
    public void Should_rerun_exactly_the_stages_whose_code_uses_a_shared_file(string file, string stages)
    {
        var path = $"{Stages}/{file}";
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, path)), path);
        var rerun = PipelineDefinition.Templates(Default).Where(t => Covers(t.Deps, path)).Select(t => t.Name);
        Assert.Equal(stages.Split(','), rerun);
    }

    [Fact]
    public void Should_rerun_every_stage_when_its_own_folder_or_the_parameters_change()
    {
        foreach (var template in PipelineDefinition.Templates(Default))
        {
            Assert.Contains(SourceFolders.Of(StageRegistry.Get(template.Name).Code), template.Deps);
            Assert.Contains($"{Stages}/Parameters", template.Deps);
            Assert.DoesNotContain(template.Deps, d => d.StartsWith($"{Stages}/Definition", StringComparison.Ordinal) || d.StartsWith("src/MreRepro.Pipeline", StringComparison.Ordinal));
        }
    }

    private static string FolderOfNamespace(string ns) =>
        ns == "MreRepro.Stages" ? Stages : $"{Stages}/{ns["MreRepro.Stages.".Length..].Replace('.', '/')}";

    private static bool Covers(IEnumerable<string> deps, string path) =>
        deps.Any(d => d == path || path.StartsWith(d + "/", StringComparison.Ordinal));

    private static List<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var stack = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : new HashSet<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. stack[stack.IndexOf(next)..], next];
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
        return graph.Keys.Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
