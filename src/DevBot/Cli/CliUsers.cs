using DevBot.Users;

namespace DevBot.Cli;

/// <summary>The user a command names with <c>--name</c> or <c>--id</c>, or the sentence saying why there is none.</summary>
internal static class CliUsers
{
    public static async Task<(User? User, string? Problem)> ResolveAsync(UserAccounts accounts, string? name, Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } userId)
        {
            return await accounts.FindAsync(userId, cancellationToken) is { } byId ? (byId, null) : (null, $"There is no user with id {userId}.");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, "Name the user with --name NAME or --id ID.");
        }

        var matches = await accounts.FindByNameAsync(name, cancellationToken);
        return matches.Count switch
        {
            0 => (null, $"There is no user named '{name.Trim()}' ('devbot users list' shows them)."),
            1 => (matches[0], null),
            _ => (null, $"{matches.Count} users are named '{name.Trim()}' ({string.Join(", ", matches.Select(u => u.Id))}); pick one with --id."),
        };
    }

    public static string Time(DateTime? time) =>
        time?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
