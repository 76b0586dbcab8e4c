using MreRepro.Domain.Formats;
using MreRepro.Domain.Sampling;
using MreRepro.Models;
using MreRepro.Models.T5.Checkpoints;
using MreRepro.Models.T5.Model;
using MreRepro.Pipeline;
using MreRepro.Pipeline.Repro;
using MreRepro.Reporting.Reference;
using MreRepro.Reporting.Rendering;
using MreRepro.Stages.Common;
using MreRepro.Stages.Parameters;
using MreRepro.Training;

namespace MreRepro.Cli.Commands;

/// <summary>Exceptions that report bad input or configuration: printed as one message, never as a stack trace.</summary>
internal static class UserError
{
    public static bool IsUserError(Exception e) => Unwrap(e) is StageException or ParametersException or DatasetFormatException or SamplingException
        or TrainingException or PipelineException or CheckpointException or T5CheckpointException or T5ConfigException
        or ReportTemplateException or ReportInputException or PaperReferenceException
        or FileNotFoundException or DirectoryNotFoundException || DiskSpace.IsFull(Unwrap(e));

    public static string Message(Exception e) => DiskSpace.IsFull(Unwrap(e))
        ? $"disk full: {Unwrap(e).Message}. Free space and rerun: outputs are written through temporary files, so nothing was half-written, and a training stage resumes from its last checkpoint."
        : Unwrap(e).Message;

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? inner : e;
}
