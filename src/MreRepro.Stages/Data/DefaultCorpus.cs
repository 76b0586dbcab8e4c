using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.Data;

/// <summary>
/// The default corpus in data/: the six generated datasets with the planted strength (data/generated/) and with
/// strength zero (data/control/), tracked by data.dvc exactly as `dvc add data` would. A fresh clone has no data/:
/// it is regenerated deterministically and must hash to what data.dvc records. data/ belongs to the generator alone:
/// a file it did not write there is reported, never deleted (real datasets go under real/, outside data/).
/// </summary>
public static class DefaultCorpus
{
    public const int Count = 2000;
    public const int Seed = 42;
    public const string Folder = "data";

    /// <summary>Where the paper profile reads the real datasets: outside data/, so generating the corpus never touches them.</summary>
    public const string RealDataFolder = "real";

    /// <summary>The files the generator writes, relative to data/ ('/' separators).</summary>
    public static IReadOnlyList<string> OwnedFiles { get; } = DatasetNames.All
        .SelectMany(kind => new[] { $"generated/{DatasetNames.Name(kind)}.jsonl", $"control/{DatasetNames.Name(kind)}.jsonl" })
        .ToList();

    /// <summary>Writes data/ anew; refuses (deleting nothing) when data/ holds anything the generator does not write.</summary>
    public static void Generate(string root, int count = Count, int seed = Seed, double strength = CorpusGenerator.DefaultStrength)
    {
        var final = Path.Combine(root, Folder);
        if (ForeignEntries(root) is { Count: > 0 } foreign)
        {
            throw new StageException($"{Folder}/ holds {Describe(foreign)} that the generator did not write; generating replaces {Folder}/, so nothing was written. "
                + $"Move them out first: {Folder}/ is the generated corpus recorded in data.dvc, and your own datasets belong elsewhere (the paper profile reads {RealDataFolder}/<NAME>.jsonl).");
        }

        using (var output = StageOutput.Begin(final))
        {
            foreach (var kind in DatasetNames.All)
            {
                var name = DatasetNames.Name(kind);
                CanonicalJsonl.Write(Path.Combine(output.Path, "generated", name + ".jsonl"), CorpusGenerator.Generate(kind, count, seed, strength));
                CanonicalJsonl.Write(Path.Combine(output.Path, "control", name + ".jsonl"), CorpusGenerator.Generate(kind, count, seed, 0.0));
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

    /// <summary>Everything under data/ that is not one of <see cref="OwnedFiles"/> or a folder holding them, relative to the root.</summary>
    public static IReadOnlyList<string> ForeignEntries(string root)
    {
        var data = Path.Combine(root, Folder);
        if (!Directory.Exists(data))
        {
            return [];
        }

        var ownedFolders = OwnedFiles.Select(f => f[..f.IndexOf('/')]).ToHashSet(StringComparer.Ordinal);
        var foreign = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(data, entry).Replace(Path.DirectorySeparatorChar, '/');
            bool owned = Directory.Exists(entry) && !File.Exists(entry) ? ownedFolders.Contains(relative) : OwnedFiles.Contains(relative);
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
