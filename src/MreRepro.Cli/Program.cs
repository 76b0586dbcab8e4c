using MreRepro.Cli;

var code = MreApp.Run(args);
MreApp.ExitIfStagesRemain(code);
return code;
