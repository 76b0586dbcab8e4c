using MreRepro.Domain.Formats;
using MreRepro.Domain.Sampling;
using MreRepro.Stages.Common;
using MreRepro.Training;

namespace MreRepro.Cli.Commands;

/// <summary>Exceptions that report bad input or configuration: printed as one message, never as a stack trace.</summary>
internal static class UserError
{
    public static bool IsUserError(Exception e) => Unwrap(e) is StageException or DatasetFormatException
        or SamplingException or TrainingException or FileNotFoundException or DirectoryNotFoundException
        || UserErrorTypes.Contains(Unwrap(e).GetType().Name);

    public static string Message(Exception e) => Unwrap(e).Message;

    // Layers whose user-facing exception types are matched by name keep the CLI free of a reference per type.
    private static readonly HashSet<string> UserErrorTypes = new(StringComparer.Ordinal)
    {
        "PipelineException", "DvcFormatException", "WorkspaceLockedException", "CheckpointException",
        "TokenizerException", "ReportException", "TemplateException", "PaperReferenceException",
    };

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? inner : e;
}
