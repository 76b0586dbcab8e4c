namespace MreRepro.Stages.Common;

/// <summary>Where each stage writes, relative to the repository root: stages/&lt;profile&gt;/&lt;stage&gt;/&lt;instance&gt;.</summary>
public sealed class StagePaths(string root, string profile)
{
    /// <summary>Relative output folder of a stage instance, '/'-separated as in dvc.yaml.</summary>
    public static string Relative(string profile, string stage, string? key = null) =>
        key is null ? $"stages/{profile}/{stage}" : $"stages/{profile}/{stage}/{key}";

    public string Split(string dataset) => Full(Relative(profile, "split", dataset));
    public string Pretrain => Full(Relative(profile, "pretrain"));
    public string FineTune(string dataset, string condition) => Full(Relative(profile, "finetune", $"{dataset}-{condition}"));
    public string Evaluate(string dataset, string condition) => Full(Relative(profile, "evaluate", $"{dataset}-{condition}"));
    public string Saliency(string dataset, string condition) => Full(Relative(profile, "saliency", $"{dataset}-{condition}"));
    public string T5Pretrain => Full(Relative(profile, "t5pretrain"));
    public string Verbalizer(string dataset, string verbalizer) => Full(Relative(profile, "verbalizer", $"{dataset}-{verbalizer}"));
    public string Reports => Full(Definition.PipelineDefinition.ReportFolder(profile));

    /// <summary>Resumable training checkpoints: outside the outputs so a killed run can resume; removed on success.</summary>
    public string TrainingCheckpoints(string stage, string key) => Full($".dvc/tmp/checkpoints/{profile}/{stage}/{key}");

    private string Full(string relative) => Path.GetFullPath(Path.Combine(root, relative));
}
