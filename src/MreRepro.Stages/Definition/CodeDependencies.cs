using System.Text.RegularExpressions;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Definition;

/// <summary>
/// A stage's code deps for dvc.yaml, from what the compiler emitted (<see cref="CodeUsage"/>): the stage's own
/// folder, the projects its code uses (with their references), and, of this project's shared code, exactly the
/// source files declaring the types it uses. So editing a file reruns the stages whose code uses it, and no others.
/// </summary>
public sealed partial class CodeDependencies
{
    private const string Project = "src/MreRepro.Stages";

    // How stages are scheduled and recorded, not what they compute: a change there reruns nothing.
    private static readonly string[] Scheduling = ["src/MreRepro.Pipeline", $"{Project}/Definition", $"{Project}/Engine"];

    private readonly Dictionary<string, SortedSet<string>> _files = new(StringComparer.Ordinal);

    /// <summary>Maps each type of this project to the file(s) declaring it, from the sources under <paramref name="root"/>.</summary>
    public CodeDependencies(string root)
    {
        var project = Path.Combine(root, Project);
        if (!Directory.Exists(project))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            var text = File.ReadAllText(file);
            var ns = FileNamespace().Match(text).Groups[1].Value;
            foreach (Match m in Declaration().Matches(text))
            {
                var name = $"{ns}.{m.Groups[1].Value}";
                if (!_files.TryGetValue(name, out var files))
                {
                    _files[name] = files = new SortedSet<string>(StringComparer.Ordinal);
                }
                files.Add(relative);
            }
        }
    }

    /// <summary>The code deps of the stage whose entry point is <paramref name="stage"/>: its folder first, then the rest in order.</summary>
    public IReadOnlyList<string> Of(Type stage)
    {
        var own = SourceFolders.Of(stage)!;
        var (types, projects) = SourceFolders.Reached(own, Scheduling.Contains);
        // Every stage verb reads its parameters through the Parameters folder.
        var parameters = SourceFolders.Of(typeof(ProfileParameters))!;
        var deps = new SortedSet<string>(projects, StringComparer.Ordinal) { parameters };
        foreach (var type in types.Where(t => SourceFolders.Of(t) is { } f && f != own && f != parameters))
        {
            foreach (var file in FilesOf(type))
            {
                deps.Add(file);
            }
        }
        return [own, .. deps];
    }

    private IEnumerable<string> FilesOf(Type type)
    {
        var name = type.FullName!;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return _files.TryGetValue(tick < 0 ? name : name[..tick], out var files) ? files : [SourceFolders.Of(type)!];
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Za-z_]\w*)")]
    private static partial Regex Declaration();
}
