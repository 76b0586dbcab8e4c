using System.ComponentModel;
using System.Globalization;
using MreRepro.Stages.Common;
using MreRepro.Stages.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MreRepro.Cli.Commands;

/// <summary>`mre data generate`: writes data/ (every generated dataset params.yaml names, at its declared strength) and data.dvc.</summary>
public sealed class DataGenerateCommand : Command<DataGenerateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        // Numbers are read as text so that a bad value is reported with the option's name (exit 1), not as a type error.
        [CommandOption("--count <N>")]
        [Description("Records per dataset file. Default: 2000.")]
        [DefaultValue("2000")]
        public string Count { get; init; } = "2000";

        [CommandOption("--seed <SEED>")]
        [Description("Generator seed (a whole number). Default: 42.")]
        [DefaultValue("42")]
        public string Seed { get; init; } = "42";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Root);
        var count = int.TryParse(settings.Count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0
            ? c : throw new StageException($"--count: '{settings.Count}' is not a positive whole number of records.");
        var seed = int.TryParse(settings.Seed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            ? s : throw new StageException($"--seed: '{settings.Seed}' is not a whole number ({int.MinValue} to {int.MaxValue}).");
        // Which files, of which kind and strength: every dataset under data/ that a profile of params.yaml names.
        DefaultCorpus.Generate(root, count, seed);
        DefaultCorpus.Record(root);
        AnsiConsole.MarkupLineInterpolated($"generated data/ ({count} records × {DefaultCorpus.Files(root).Count} files, strengths from params.yaml) and recorded it in data.dvc");
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
