using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using DevBot.Audit;
using DevBot.Hosting;
using DevBot.Shared;
using DevBot.Users;

namespace DevBot.Cli;

/// <summary><c>devbot audit [--user] [--action] [--since] [--limit]</c>: the audit log, newest first, one entry a line.</summary>
internal static partial class AuditCommand
{
    public const int MaxLimit = 10_000;

    public static Command Create()
    {
        var user = new Option<string?>("--user") { Description = "Entries by or about this user: a name or an id." };
        var action = new Option<string?>("--action") { Description = "One action (e.g. apikey.revoked), or every action starting with a prefix ending in '.' (e.g. credits.)." };
        var since = new Option<string?>("--since") { Description = "Only entries from then on: an ISO 8601 time (2026-03-01T12:00:00Z) or an age such as 30m, 24h, 7d." };
        var limit = new Option<int>("--limit") { Description = $"At most this many entries (1 to {MaxLimit}).", DefaultValueFactory = _ => 50 };
        var command = new Command("audit", "Show the audit log, newest first: keys, purchases, grants, prices, projects, admin actions.") { user, action, since, limit };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(user), parse.GetValue(action), parse.GetValue(since), parse.GetValue(limit), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? userText, string? action, string? sinceText, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Refuse($"--limit must be between 1 and {MaxLimit}.");
        }

        using var host = CliHost.Build();
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!TryParseSince(sinceText, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, out var since))
        {
            return Refuse("--since must be an ISO 8601 time (2026-03-01T12:00:00Z) or an age such as 30m, 24h or 7d.");
        }

        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(userText))
        {
            var (found, problem) = Guid.TryParse(userText, out var id)
                ? await CliUsers.ResolveAsync(services.GetRequiredService<UserAccounts>(), null, id, cancellationToken)
                : await CliUsers.ResolveAsync(services.GetRequiredService<UserAccounts>(), userText, null, cancellationToken);
            if (found is null)
            {
                return Refuse(problem!);
            }

            userId = found.Id;
        }

        var filter = new AuditFilter(userId, string.IsNullOrWhiteSpace(action) ? null : action.Trim(), since, null);
        if (filter.Problem() is { } filterProblem)
        {
            return Refuse($"--action: {filterProblem}");
        }

        var queries = services.GetRequiredService<AuditQueries>();
        var shown = 0;
        PagePosition? after = null;
        while (shown < limit)
        {
            var request = new PageRequest(Math.Min(PageRequest.MaxLimit, limit - shown), after);
            var page = await queries.PageAsync(filter, request, cancellationToken);
            foreach (var entry in page.Items)
            {
                Console.WriteLine(string.Join("  ",
                    CliUsers.Time(entry.CreatedAt), entry.Action, entry.Actor,
                    entry.SubjectUserId is { } subject ? $"user={subject}" : "-",
                    entry.Details.GetRawText()));
            }

            shown += page.Items.Count;
            if (page.NextCursor is null || page.Items.Count == 0)
            {
                break;
            }

            after = new PagePosition(page.Items[^1].CreatedAt, page.Items[^1].Id);
        }

        Console.Error.WriteLine($"{shown} entr{(shown == 1 ? "y" : "ies")}.");
        return 0;
    }

    internal static bool TryParseSince(string? text, DateTime now, out DateTime? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (Age().Match(text.Trim()) is { Success: true } age)
        {
            var amount = int.Parse(age.Groups["amount"].Value, CultureInfo.InvariantCulture);
            since = now - (age.Groups["unit"].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            });
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            since = time.UtcDateTime;
            return true;
        }

        return false;
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }

    [GeneratedRegex("^(?<amount>[0-9]{1,5})(?<unit>[mhd])$")]
    private static partial Regex Age();
}
