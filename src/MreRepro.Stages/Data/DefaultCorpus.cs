using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Pipeline.Repro;
using MreRepro.Domain.Records;
using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;

namespace MreRepro.Stages.Data;

/// <summary>
/// The generated corpus in data/: every dataset with a strength that a profile of params.yaml names, generated with
/// that dataset's paper kind and planted strength (the default profile's data/generated/ at 0.8 and data/control/ at
/// 0, the sweep profile's data/sweep/), tracked by data.dvc exactly as `dvc add data` would. A fresh clone has no
/// data/: it is regenerated deterministically and must hash to what data.dvc records.
/// data/ belongs to the generator alone: a file it did not write there is reported, never deleted (real datasets go
/// under real/, outside data/).
/// </summary>
public static class DefaultCorpus
{
    public const int Count = 2000;
    public const int Seed = 42;
    public const string Folder = "data";

    /// <summary>Where the paper profile reads the real datasets: outside data/, so generating the corpus never touches them.</summary>
    public const string RealDataFolder = "real";

    /// <summary>One generated file: its path under data/ ('/' separators), the paper dataset it imitates, its strength.</summary>
    public sealed record CorpusFile(string Path, DatasetKind Kind, double Strength);

    /// <summary>
    /// Every generated file that a profile of root/params.yaml names (a dataset with a <c>strength</c>; its file lies
    /// under data/), with its kind (its <c>paper</c>) and strength; a file declared twice must agree. Ordered by path.
    /// </summary>
    public static IReadOnlyList<CorpusFile> Files(string root)
    {
        var path = Path.Combine(root, ParametersFile.DefaultPath);
        var files = new SortedDictionary<string, (CorpusFile File, string Where)>(StringComparer.Ordinal);
        foreach (var profile in ParametersFile.Profiles(path))
        {
            foreach (var (name, dataset) in ParametersFile.Load(path, profile).Datasets)
            {
                // A dataset with a strength is generated; the others (real data) are read as they are.
                var file = dataset.File.Replace('\\', '/');
                if (dataset.Strength is not double strength)
                {
                    continue;
                }
                var where = $"{ParametersFile.DefaultPath}: {profile}.datasets.{name}";
                if (!file.StartsWith(Folder + "/", StringComparison.Ordinal))
                {
                    throw new StageException($"{where}: a dataset with a strength is generated into {Folder}/, but its file is {file}; put it under {Folder}/ or drop the strength.");
                }
                if (!DatasetNames.TryParse(dataset.Paper, out var kind))
                {
                    throw new StageException($"{where}: {file} is generated, so paper must name a generated kind ({string.Join(", ", DatasetNames.All.Select(DatasetNames.Name))}), not '{dataset.Paper}'.");
                }
                if (strength is < 0 or > 1)
                {
                    throw new StageException($"{where}: strength {strength} is outside [0, 1].");
                }
                var entry = new CorpusFile(file[(Folder.Length + 1)..], kind, strength);
                if (files.TryGetValue(entry.Path, out var earlier) && earlier.File != entry)
                {
                    throw new StageException($"{where} declares {file} as {DatasetNames.Name(kind)} at strength {strength}, but {earlier.Where} as {DatasetNames.Name(earlier.File.Kind)} at strength {earlier.File.Strength}: one file, one declaration.");
                }
                files[entry.Path] = (entry, where);
            }
        }
        return files.Values.Select(v => v.File).ToList();
    }

    /// <summary>The files the generator writes for root/params.yaml, relative to data/ ('/' separators).</summary>
    public static IReadOnlyList<string> OwnedFiles(string root) => Files(root).Select(f => f.Path).ToList();

    /// <summary>Writes data/ anew; refuses (deleting nothing) when data/ holds anything the generator does not write.</summary>
    public static void Generate(string root, int count = Count, int seed = Seed)
    {
        var final = Path.Combine(root, Folder);
        var files = Files(root);
        if (ForeignEntries(root) is { Count: > 0 } foreign)
        {
            throw new StageException($"{Folder}/ holds {Describe(foreign)} that the generator did not write; generating replaces {Folder}/, so nothing was written. "
                + $"Move them out first: {Folder}/ is the generated corpus recorded in data.dvc, and your own datasets belong elsewhere (the paper profile reads {RealDataFolder}/<NAME>.jsonl).");
        }

        using (var output = StageOutput.Begin(final))
        {
            foreach (var file in files)
            {
                CanonicalJsonl.Write(Path.Combine(output.Path, file.Path), CorpusGenerator.Generate(file.Kind, count, seed, file.Strength));
            }
            output.Commit();
        }
    }

    /// <summary>Regenerates data/ when absent, then checks it against data.dvc; a mismatch names the difference and never deletes anything.</summary>
    public static string Ensure(string root)
    {
        var dvcFile = Path.Combine(root, Folder + ".dvc");
        if (!Directory.Exists(Path.Combine(root, Folder)))
        {
            Generate(root);
        }
        if (!File.Exists(dvcFile))
        {
            return "data.dvc missing: run `mre data generate` to record the corpus";
        }
        if (ForeignEntries(root) is { Count: > 0 } foreign)
        {
            throw new StageException($"{Folder}/ does not match data.dvc: it holds {Describe(foreign)} that the generator does not write. "
                + $"{Folder}/ is the generated corpus that data.dvc records; move your own files out of it (real datasets go under {RealDataFolder}/, see README 'Running on the real datasets'). Nothing was deleted.");
        }
        var difference = DataVerifier.Verify(new Workspace(root), dvcFile);
        if (difference is not null)
        {
            throw new StageException($"data/ does not match data.dvc:\n{difference}\nRegenerate it with `build/mre data generate` (it rewrites only the generator's own files; commit data.dvc if the generator changed on purpose).");
        }
        return "data/ matches data.dvc";
    }

    /// <summary>Writes data.dvc for the current data/ (and caches it), as `dvc add data` does.</summary>
    public static void Record(string root) => DataVerifier.Add(new Workspace(root), Folder);

    /// <summary>Everything under data/ that is not one of <see cref="OwnedFiles"/> (for root's params.yaml) or a folder holding them, relative to the root.</summary>
    public static IReadOnlyList<string> ForeignEntries(string root)
    {
        var data = Path.Combine(root, Folder);
        if (!Directory.Exists(data))
        {
            return [];
        }

        var ownedFiles = OwnedFiles(root).ToHashSet(StringComparer.Ordinal);
        var ownedFolders = ownedFiles.Select(f => f[..f.IndexOf('/')]).ToHashSet(StringComparer.Ordinal);
        var foreign = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(data, entry).Replace(Path.DirectorySeparatorChar, '/');
            bool owned = Directory.Exists(entry) && !File.Exists(entry) ? ownedFolders.Contains(relative) : ownedFiles.Contains(relative);
            if (!owned && !foreign.Any(f => relative.StartsWith(f + "/", StringComparison.Ordinal)))
            {
                foreign.Add(relative);
            }
        }

        return foreign.Order(StringComparer.Ordinal).Select(f => $"{Folder}/{f}").ToList();
    }

    private static string Describe(IReadOnlyList<string> entries) =>
        string.Join(", ", entries.Take(3)) + (entries.Count > 3 ? $" and {entries.Count - 3} more" : "");
}
