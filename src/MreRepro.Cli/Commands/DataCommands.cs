using System.ComponentModel;
using System.Globalization;
using MreRepro.Domain.Corpus;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre data generate`: writes data/ and data.dvc.</summary>
public sealed class DataGenerateCommand : Command<DataGenerateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        // Numbers are read as text so that a bad value is reported with the option's name (exit 1), not as a type error.
        [CommandOption("--count <N>")]
        [Description("Records per dataset (each of six, planted and control). Default: 2000.")]
        [DefaultValue("2000")]
        public string Count { get; init; } = "2000";

        [CommandOption("--seed <SEED>")]
        [Description("Generator seed (a whole number). Default: 42.")]
        [DefaultValue("42")]
        public string Seed { get; init; } = "42";

        [CommandOption("--strength <S>")]
        [Description("Planted mutual-reinforcement strength in [0, 1] for data/generated (data/control is always 0). Default: 0.8.")]
        [DefaultValue("0.8")]
        public string Strength { get; init; } = "0.8";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Root);
        var count = int.TryParse(settings.Count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0
            ? c : throw new StageException($"--count: '{settings.Count}' is not a positive whole number of records.");
        var seed = int.TryParse(settings.Seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            ? s : throw new StageException($"--seed: '{settings.Seed}' is not a whole number ({int.MinValue} to {int.MaxValue}).");
        var strength = double.TryParse(settings.Strength, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1
            ? d : throw new StageException($"--strength: '{settings.Strength}' is not a number between 0 and 1.");
        DefaultCorpus.Generate(root, count, seed, strength);
        DefaultCorpus.Record(root);
        AnsiConsole.MarkupLineInterpolated($"generated data/ ({count} records × 12 files) and recorded it in data.dvc");
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
