namespace MreRepro.Training.Loop;

/// <summary>What a progress report announces.</summary>
public enum TrainingEvent
{
    /// <summary>An optimizer step finished.</summary>
    Step,

    /// <summary>An epoch finished (after its checkpoint, if any, was written).</summary>
    EpochEnd,

    /// <summary>A checkpoint was written.</summary>
    CheckpointSaved,

    /// <summary>Training resumed from a checkpoint.</summary>
    Resumed,
}
