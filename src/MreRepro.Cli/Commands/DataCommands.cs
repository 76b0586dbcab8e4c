using System.ComponentModel;
using MreRepro.Stages.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre data generate`: writes data/ (every generated dataset params.yaml names, at its declared strength) and data.dvc.</summary>
public sealed class DataGenerateCommand : Command<DataGenerateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--count <N>")]
        [Description("Records per dataset file. Default: 2000.")]
        [DefaultValue(DefaultCorpus.Count)]
        public int Count { get; init; } = DefaultCorpus.Count;

        [CommandOption("--seed <SEED>")]
        [Description("Generator seed. Default: 42.")]
        [DefaultValue(DefaultCorpus.Seed)]
        public int Seed { get; init; } = DefaultCorpus.Seed;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Root);
        // Which files, of which kind and strength: every dataset under data/ that a profile of params.yaml names.
        DefaultCorpus.Generate(root, settings.Count, settings.Seed);
        DefaultCorpus.Record(root);
        AnsiConsole.MarkupLineInterpolated($"generated data/ ({settings.Count} records × {DefaultCorpus.Files(root).Count} files, strengths from params.yaml) and recorded it in data.dvc");
        return 0;
    }
}

/// <summary>`mre data verify`: regenerates data/ when absent and checks it against data.dvc.</summary>
public sealed class DataVerifyCommand : Command<CommonSettings>
{
    public override int Execute(CommandContext context, CommonSettings settings, CancellationToken cancellationToken)
    {
        AnsiConsole.WriteLine(DefaultCorpus.Ensure(Path.GetFullPath(settings.Root)));
        return 0;
    }
}
