using System.CommandLine;
using DevBot.Billing;
using DevBot.Hosting;
using DevBot.Users;

namespace DevBot.Cli;

/// <summary><c>devbot users create|list|show|create-key|revoke-keys</c>: accounts and API keys, for operators (audited as <c>cli</c>).</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        return new Command("users", "Manage users and their API keys.") { CreateUser(), List(), Show(), CreateKey(), RevokeKeys() };
    }

    private static Command CreateUser()
    {
        var name = new Option<string>("--name") { Description = "The user's display name.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator." };
        var create = new Command("create", "Create a user; prints a new API key as the last line.") { name, admin };
        create.SetAction((parse, cancellationToken) => WithAccountsAsync(async (accounts, _) =>
        {
            if (UserAccounts.ValidateName(parse.GetValue(name)) is { } problem)
            {
                return Refuse(problem);
            }

            var created = await accounts.CreateAsync(parse.GetValue(name)!, parse.GetValue(admin), Actor.CommandLine, cancellationToken);
            Console.WriteLine($"Created user {created.User.Name} ({created.User.Id}){(created.User.IsAdmin ? ", administrator" : string.Empty)}.");
            Console.WriteLine("API key (shown once, store it now):");
            Console.WriteLine(created.ApiKey);
            return 0;
        }, cancellationToken));
        return create;
    }

    private static Command List()
    {
        var list = new Command("list", "Every user: name, id, administrator or not, credit balance, active API keys.");
        list.SetAction((_, cancellationToken) => WithAccountsAsync(async (accounts, _) =>
        {
            var users = await accounts.ListAsync(cancellationToken);
            Console.Write(TextTable.Render(
                ["NAME", "ID", "ADMIN", "BALANCE", "KEYS"],
                users.Select(u => (IReadOnlyList<string>)[u.Name, u.Id.ToString(), u.IsAdmin ? "yes" : "no", CreditFormat.Show(u.Balance), u.ActiveKeys.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToList()));
            Console.WriteLine($"{users.Count} user(s).");
            return 0;
        }, cancellationToken));
        return list;
    }

    private static Command Show()
    {
        var (name, id) = UserOptions();
        var show = new Command("show", "One user and their API keys (id, prefix, label, created, last used, revoked).") { name, id };
        show.SetAction((parse, cancellationToken) => WithAccountsAsync(async (accounts, services) =>
        {
            var (user, problem) = await CliUsers.ResolveAsync(accounts, parse.GetValue(name), parse.GetValue(id), cancellationToken);
            if (user is null)
            {
                return Refuse(problem!);
            }

            Console.WriteLine($"Name:     {user.Name}");
            Console.WriteLine($"Id:       {user.Id}");
            Console.WriteLine($"Admin:    {(user.IsAdmin ? "yes" : "no")}");
            Console.WriteLine($"Balance:  {CreditFormat.Show(user.Credits)} credits");
            Console.WriteLine($"Created:  {CliUsers.Time(user.CreatedAt)}");
            var keys = await services.GetRequiredService<ApiKeys>().ListAsync(user.Id, cancellationToken);
            Console.WriteLine($"API keys: {keys.Count(k => k.Active)} active, {keys.Count(k => !k.Active)} revoked");
            Console.Write(TextTable.Render(
                ["ID", "PREFIX", "LABEL", "CREATED", "LAST USED", "REVOKED"],
                keys.Select(k => (IReadOnlyList<string>)[k.Id.ToString(), k.Prefix, k.Label ?? "-", CliUsers.Time(k.CreatedAt), CliUsers.Time(k.LastUsedAt), CliUsers.Time(k.RevokedAt)]).ToList()));
            return 0;
        }, cancellationToken));
        return show;
    }

    private static Command CreateKey()
    {
        var (name, id) = UserOptions();
        var label = new Option<string?>("--label") { Description = "A note to tell the key apart (e.g. 'laptop')." };
        var command = new Command("create-key", "A new API key for a user; prints it as the last line (shown once).") { name, id, label };
        command.SetAction((parse, cancellationToken) => WithAccountsAsync(async (accounts, services) =>
        {
            if (ApiKeys.ValidateLabel(parse.GetValue(label)) is { } labelProblem)
            {
                return Refuse(labelProblem);
            }

            var (user, problem) = await CliUsers.ResolveAsync(accounts, parse.GetValue(name), parse.GetValue(id), cancellationToken);
            if (user is null)
            {
                return Refuse(problem!);
            }

            switch (await services.GetRequiredService<ApiKeys>().IssueAsync(user.Id, parse.GetValue(label), Actor.CommandLine, cancellationToken))
            {
                case IssuedApiKey issued:
                    Console.WriteLine($"Created API key {issued.Key.Prefix}… ({issued.Key.Id}) for {user.Name}.");
                    Console.WriteLine("API key (shown once, store it now):");
                    Console.WriteLine(issued.Secret);
                    return 0;
                case TooManyApiKeys full:
                    return Refuse($"{user.Name} already has {full.Active} active API keys, the most allowed; revoke one first.");
                default:
                    return 1;
            }
        }, cancellationToken));
        return command;
    }

    private static Command RevokeKeys()
    {
        var (name, id) = UserOptions();
        var key = new Option<Guid?>("--key") { Description = "Revoke only this key (its id, from 'devbot users show'); without it, every active key." };
        var command = new Command("revoke-keys", "Revoke a user's API keys (all active ones, or one with --key); requests with them are refused at once.") { name, id, key };
        command.SetAction((parse, cancellationToken) => WithAccountsAsync(async (accounts, services) =>
        {
            var (user, problem) = await CliUsers.ResolveAsync(accounts, parse.GetValue(name), parse.GetValue(id), cancellationToken);
            if (user is null)
            {
                return Refuse(problem!);
            }

            var keys = services.GetRequiredService<ApiKeys>();
            if (parse.GetValue(key) is not { } keyId)
            {
                var revoked = await keys.RevokeAllAsync(user.Id, Actor.CommandLine, cancellationToken);
                Console.WriteLine($"Revoked {revoked} API key(s) of {user.Name}.");
                return 0;
            }

            return await keys.RevokeAsync(user.Id, keyId, Actor.CommandLine, cancellationToken) switch
            {
                KeyRevocation.Revoked => Done($"Revoked API key {keyId} of {user.Name}."),
                KeyRevocation.AlreadyRevoked => Done($"API key {keyId} of {user.Name} was already revoked."),
                _ => Refuse($"{user.Name} has no API key {keyId} ('devbot users show' lists them)."),
            };
        }, cancellationToken));
        return command;
    }

    private static (Option<string?> Name, Option<Guid?> Id) UserOptions() => (
        new Option<string?>("--name") { Description = "The user's name (see 'devbot users list')." },
        new Option<Guid?>("--id") { Description = "The user's id, when several users share a name." });

    private static async Task<int> WithAccountsAsync(Func<UserAccounts, IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        using var host = CliHost.Build();
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>(), scope.ServiceProvider);
    }

    private static int Done(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    /// <summary>An operator's mistake: one sentence on standard error, exit code 2.</summary>
    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
}
