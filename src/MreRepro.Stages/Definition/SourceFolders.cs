using System.Reflection;

namespace MreRepro.Stages.Definition;

/// <summary>
/// Where compiled code lives in src/: a type of this project is in the folder its namespace names
/// (MreRepro.Stages.FineTune → src/MreRepro.Stages/FineTune); a type of another MreRepro project is in that
/// project's folder, which brings the projects it references.
/// </summary>
public static class SourceFolders
{
    private const string Prefix = "MreRepro";
    private static readonly Assembly Stages = typeof(SourceFolders).Assembly;

    /// <summary>The src/ folder of <paramref name="type"/>, or null for code outside the repository (BCL, packages).</summary>
    public static string? Of(Type type)
    {
        var assembly = type.Assembly.GetName().Name!;
        // Compiler-generated helpers (<PrivateImplementationDetails>, anonymous types) belong to no folder.
        if (!assembly.StartsWith(Prefix + ".", StringComparison.Ordinal) || type.Name.StartsWith('<'))
        {
            return null;
        }
        if (type.Assembly != Stages)
        {
            return $"src/{assembly}";
        }
        var ns = type.Namespace ?? assembly;
        return ns == assembly ? $"src/{assembly}" : $"src/{assembly}/{ns[(assembly.Length + 1)..].Replace('.', '/')}";
    }

    /// <summary>The types of this project declared (at the top level) in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<Type> TypesIn(string folder) =>
        Stages.GetTypes().Where(t => t.DeclaringType is null && Of(t) == folder).ToList();

    /// <summary>
    /// What the code of <paramref name="folder"/> reaches: the types of this project it uses, followed type by type,
    /// and the folders of the other projects it uses with the projects they reference. Folders for which
    /// <paramref name="stopAt"/> holds are neither listed nor followed.
    /// </summary>
    public static (IReadOnlySet<Type> Types, IReadOnlySet<string> Projects) Reached(string folder, Func<string, bool> stopAt)
    {
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(TypesIn(folder));
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }
            foreach (var used in CodeUsage.TypesUsedBy(type))
            {
                if (Of(used) is not { } usedFolder || stopAt(usedFolder))
                {
                    continue;
                }
                if (used.Assembly == Stages)
                {
                    queue.Enqueue(used);
                }
                else
                {
                    AddProject(used.Assembly, projects, stopAt);
                }
            }
        }
        return (seen, projects);
    }

    /// <summary>Folder → the other folders of this project its types use directly (for the layering checks).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ProjectFolderGraph()
    {
        var graph = new SortedDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var group in Stages.GetTypes().Where(t => t.DeclaringType is null && Of(t) is not null).GroupBy(t => Of(t)!))
        {
            graph[group.Key] = group.SelectMany(CodeUsage.TypesUsedBy)
                .Where(t => t.Assembly == Stages)
                .Select(Of)
                .OfType<string>()
                .Where(f => f != group.Key)
                .ToHashSet(StringComparer.Ordinal);
        }
        return graph;
    }

    private static void AddProject(Assembly assembly, ISet<string> folders, Func<string, bool> stopAt)
    {
        var name = assembly.GetName().Name!;
        var folder = $"src/{name}";
        if (stopAt(folder) || !folders.Add(folder))
        {
            return;
        }
        foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith(Prefix + ".", StringComparison.Ordinal)))
        {
            AddProject(Assembly.Load(reference), folders, stopAt);
        }
    }
}
