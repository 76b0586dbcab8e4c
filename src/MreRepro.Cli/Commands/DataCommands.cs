using System.ComponentModel;
using MreRepro.Domain.Corpus;
using MreRepro.Stages.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre data generate`: writes data/ and data.dvc.</summary>
public sealed class DataGenerateCommand : Command<DataGenerateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--count <N>")]
        [Description("Records per dataset (each of six, planted and control). Default: 2000.")]
        [DefaultValue(DefaultCorpus.Count)]
        public int Count { get; init; } = DefaultCorpus.Count;

        [CommandOption("--seed <SEED>")]
        [Description("Generator seed. Default: 42.")]
        [DefaultValue(DefaultCorpus.Seed)]
        public int Seed { get; init; } = DefaultCorpus.Seed;

        [CommandOption("--strength <S>")]
        [Description("Planted mutual-reinforcement strength in [0, 1] for data/generated (data/control is always 0). Default: 0.8.")]
        [DefaultValue(CorpusGenerator.DefaultStrength)]
        public double Strength { get; init; } = CorpusGenerator.DefaultStrength;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Root);
        DefaultCorpus.Generate(root, settings.Count, settings.Seed, settings.Strength);
        DefaultCorpus.Record(root);
        AnsiConsole.MarkupLineInterpolated($"generated data/ ({settings.Count} records × 12 files) and recorded it in data.dvc");
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
