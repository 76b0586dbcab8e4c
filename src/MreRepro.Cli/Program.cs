using MreRepro.Cli;

return MreApp.Run(args);
