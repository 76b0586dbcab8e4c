namespace MreRepro.Stages.Common;

/// <summary>Where each stage writes, relative to the repository root: stages/&lt;profile&gt;/&lt;stage&gt;/&lt;instance&gt;.</summary>
/// <param name="inputsMd5">The engine's md5 of the running instance's inputs (null when a verb runs without the engine).</param>
public sealed class StagePaths(string root, string profile, string? inputsMd5 = null)
{
    /// <summary>Relative output folder of a stage instance, '/'-separated as in dvc.yaml.</summary>
    public static string Relative(string profile, string stage, string? key = null) =>
        key is null ? $"stages/{profile}/{stage}" : $"stages/{profile}/{stage}/{key}";

    public string Split(string dataset) => Full(Relative(profile, "split", dataset));
    public string Pretrain => Full(Relative(profile, "pretrain"));
    public string FineTune(string dataset, string condition) => Full(Relative(profile, "finetune", $"{dataset}-{condition}"));
    /// <summary>One fine-tuning seed's model (a finetune instance's output).</summary>
    public string FineTuneSeed(string dataset, string condition, int seed) => Path.Combine(FineTune(dataset, condition), SeedFolder(seed));
    public string Evaluate(string dataset, string condition) => Full(Relative(profile, "evaluate", $"{dataset}-{condition}"));
    public string Saliency(string dataset, string condition) => Full(Relative(profile, "saliency", $"{dataset}-{condition}"));
    public string T5Pretrain => Full(Relative(profile, "t5pretrain"));
    public string Verbalizer(string dataset, string verbalizer) => Full(Relative(profile, "verbalizer", $"{dataset}-{verbalizer}"));
    public string Reports => Full(ReportFolder(profile));

    /// <summary>The folder of one fine-tuning seed's model inside its dataset-condition folder.</summary>
    public static string SeedFolder(int seed) => $"seed-{seed}";

    /// <summary>The default profile's report is reports/report.{md,html} (+ figures/); other profiles get reports/&lt;profile&gt;/.</summary>
    public static string ReportFolder(string profile) => profile == "default" ? "reports" : $"reports/{profile}";

    /// <summary>
    /// Resumable training checkpoints, outside the outputs so a killed run can resume. The folder is keyed on the
    /// engine's md5 of the instance's inputs (code, data, parameters), so a run whose inputs changed since it was
    /// interrupted starts afresh instead of resuming a stale checkpoint; checkpoints kept for other inputs are
    /// removed here. A verb run without the engine uses the key "direct" (resume is then checked on the training
    /// settings only).
    /// </summary>
    public string TrainingCheckpoints(string stage, string key)
    {
        var all = TrainingCheckpointsOfAllInputs(stage, key);
        var current = "inputs-" + (inputsMd5 is { Length: >= 12 } md5 ? md5[..12] : "direct");
        if (Directory.Exists(all))
        {
            foreach (var stale in Directory.GetDirectories(all).Where(d => Path.GetFileName(d) != current))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
        return Path.Combine(all, current);
    }

    /// <summary>The folder holding an instance's checkpoints for every inputs key; deleted when the stage succeeds.</summary>
    public string TrainingCheckpointsOfAllInputs(string stage, string key) => Full($".dvc/tmp/checkpoints/{profile}/{stage}/{key}");

    /// <summary>Drops an instance's checkpoints once its outputs are committed.</summary>
    public void DeleteTrainingCheckpoints(string stage, string key)
    {
        var folder = TrainingCheckpointsOfAllInputs(stage, key);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string Full(string relative) => Path.GetFullPath(Path.Combine(root, relative));
}
