using DevBot.Cli;

return await DevBotCli.RunAsync(args);
