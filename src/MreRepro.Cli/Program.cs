using MreRepro.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("mre");
    config.SetApplicationVersion(typeof(CommonSettings).Assembly.GetName().Version?.ToString() ?? "0");
    config.PropagateExceptions();
    config.AddExample("plan", "--profile", "default", "--json");
    config.AddExample("repro", "finetune@SCNM-tli");
    config.AddExample("split", "--input", "my.jsonl", "--train", "1000", "--test", "1000", "--seed", "42", "--out", "out/");

    config.AddCommand<SplitCommand>("split").WithDescription("Draw the train/test split (pandas DataFrame.sample semantics by default) of a dataset.");
});

try
{
    return app.Run(args);
}
catch (Exception e) when (UserError.IsUserError(e))
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {UserError.Message(e)}");
    return 1;
}
catch (CommandParseException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
    return 2;
}
catch (CommandRuntimeException e)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
    return 2;
}
