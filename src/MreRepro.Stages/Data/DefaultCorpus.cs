using MreRepro.Domain.Corpus;
using MreRepro.Domain.Formats;
using MreRepro.Pipeline.Repro;
using MreRepro.Stages.Common;

namespace MreRepro.Stages.Data;

/// <summary>
/// The default corpus in data/: the six generated datasets with the planted strength (data/generated/) and with
/// strength zero (data/control/), tracked by data.dvc exactly as `dvc add data` would. A fresh clone has no data/:
/// it is regenerated deterministically and must hash to what data.dvc records.
/// </summary>
public static class DefaultCorpus
{
    public const int Count = 2000;
    public const int Seed = 42;
    public const string Folder = "data";

    public static void Generate(string root, int count = Count, int seed = Seed, double strength = CorpusGenerator.DefaultStrength)
    {
        var final = Path.Combine(root, Folder);
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

    /// <summary>Regenerates data/ when absent, then checks it against data.dvc; a mismatch names the difference.</summary>
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
        var difference = DataVerifier.Verify(new Workspace(root), dvcFile);
        if (difference is not null)
        {
            throw new StageException($"data/ does not match data.dvc:\n{difference}\nRegenerate it with `build/mre data generate` (and commit data.dvc if the generator changed on purpose).");
        }
        return "data/ matches data.dvc";
    }

    /// <summary>Writes data.dvc for the current data/ (and caches it), as `dvc add data` does.</summary>
    public static void Record(string root) => DataVerifier.Add(new Workspace(root), Folder);
}
