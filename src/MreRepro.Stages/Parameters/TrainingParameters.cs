namespace MreRepro.Stages.Parameters;

/// <summary>The settings of a training loop, whichever params.yaml section (pretrain, finetune, t5) they come from.</summary>
public interface ITrainingParameters
{
    double LearningRate { get; }
    int WarmupSteps { get; }
    int Epochs { get; }
    int BatchSize { get; }
    int GradientAccumulation { get; }
    double WeightDecay { get; }
    double MaxGradNorm { get; }
    DecaySchedule Schedule { get; }
}
