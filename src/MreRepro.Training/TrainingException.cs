namespace MreRepro.Training;

/// <summary>A user-facing training error (bad options, mismatched checkpoint, bad tensor shapes) whose message is meant to be printed as is.</summary>
public sealed class TrainingException : Exception
{
    public TrainingException(string message)
        : base(message)
    {
    }

    public TrainingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
