using System.CommandLine;
using DevBot.Hosting;
using DevBot.Users;

namespace DevBot.Cli;

internal static class UsersCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The user's display name.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator." };
        var create = new Command("create", "Create a user; prints a new API key as the last line.") { name, admin };
        create.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await host.MigrateIfConfiguredAsync(cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync(parse.GetValue(name)!, parse.GetValue(admin), cancellationToken);
            Console.WriteLine($"Created user {created.User.Name} ({created.User.Id}){(created.User.IsAdmin ? ", administrator" : string.Empty)}.");
            Console.WriteLine("API key (shown once, store it now):");
            Console.WriteLine(created.ApiKey);
            return 0;
        });

        return new Command("users", "Manage users.") { create };
    }
}
