using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using DevBot.Data;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.Outbox;
using DevBot.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Benchmarks.Load;

/// <summary>
/// The Telegram fan-out benchmark (docs/benchmarks.md, "# Load"): <c>builds</c> builds, each in its own chat, finish
/// at the same moment, so DevBot's outbox holds for every chat the final message and the ZIP (read from the archive
/// store, as a finished build leaves it). The real host's sender delivers them to <see cref="FloodLimitedBotApi"/>;
/// reports the drain time against the 30/s bound, every ZIP delivered exactly once, and the calls over the limits.
/// </summary>
internal static class FanOutRun
{
    public static async Task RunAsync(int builds, string databaseUrl, double rate = 30, int chatIntervalMs = 1000)
    {
        await using var model = await ZeroLatencyModel.StartAsync();
        await using var telegram = await FloodLimitedBotApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("devbot-fanout-");
        var app = DevBotWebApp.Build(["--urls", "http://127.0.0.1:0"], runWorkers: false, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DATABASE_URL"] = databaseUrl,
                ["DEVBOT_DATA_DIR"] = data.FullName,
                ["LLM_BASE_URL"] = model.BaseUrl,
                ["LLM_API_KEY"] = "bench",
                ["LLM_MODEL"] = "bench-model",
                ["ALLOW_UNPRICED_MODELS"] = "true",
                ["SANDBOX"] = "off",
                ["TELEGRAM_BOT_TOKEN"] = FloodLimitedBotApi.Token,
                ["TELEGRAM_API_BASE_URL"] = telegram.BaseUrl,
                ["TELEGRAM_POLL_TIMEOUT_SECONDS"] = "1",
                // DevBot's defaults (30/s overall, 1000 ms per chat: Telegram's limits), or the run's own (--rate, --chat-interval-ms).
                ["TELEGRAM_MAX_MESSAGES_PER_SECOND"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TELEGRAM_CHAT_MESSAGE_INTERVAL_MS"] = chatIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
            });
        });
        try
        {
            await app.MigrateIfConfiguredAsync(CancellationToken.None);
            await app.StartAsync();
            var chats = await FinishBuildsAsync(app.Services, builds);
            var clock = Stopwatch.StartNew();
            app.Services.GetRequiredService<OutboxSignal>().Pulse();
            OutboxBacklog backlog;
            do
            {
                await Task.Delay(100);
                await using var scope = app.Services.CreateAsyncScope();
                backlog = await OutboxBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<DevBotDbContext>(), TimeProvider.System, CancellationToken.None);
            }
            while (backlog.Pending > 0 && clock.Elapsed < TimeSpan.FromMinutes(30));

            var drained = clock.Elapsed;
            var sends = 2 * builds;
            var zipsOnce = chats.Count(c => telegram.Documents.GetValueOrDefault(c) == 1);
            var zipsTwice = chats.Count(c => telegram.Documents.GetValueOrDefault(c) > 1);
            var bound = TimeSpan.FromSeconds((double)sends / FloodLimitedBotApi.PerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{builds} builds finishing together, {sends} sends (final message + ZIP per chat): drained in {drained.TotalSeconds:F1} s; the 30/s bound is {bound.TotalSeconds:F1} s ({drained / bound:F2}x)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ZIPs delivered exactly once: {zipsOnce}/{builds} (more than once: {zipsTwice}); final messages: {chats.Count(c => telegram.Messages.GetValueOrDefault(c) == 1)}/{builds}; still pending: {backlog.Pending}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calls over the limits (answered 429): {telegram.OverLimit} (per chat {telegram.OverChatLimit}, overall {telegram.OverGlobalLimit}); most sends accepted in one second: {telegram.PeakPerSecond}"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>What a finished build leaves for Telegram: its ZIP in the archive store, its final message and the ZIP in the outbox.</summary>
    private static async Task<List<long>> FinishBuildsAsync(IServiceProvider services, int builds)
    {
        var zip = ZipBytes();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IObjectStore>();
        var outbox = scope.ServiceProvider.GetRequiredService<TelegramOutbox>();
        var user = new User { Name = "fan-out", CreatedAt = DateTime.UtcNow };
        db.Set<User>().Add(user);
        await db.SaveChangesAsync();
        var chats = new List<long>();
        for (var i = 0; i < builds; i++)
        {
            var chat = 900_000_000L + i;
            var project = new Project { UserId = user.Id, Title = $"Build {i + 1}", Description = "fan-out", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var key = $"archives/{project.Id:N}.zip";
            using (var content = new MemoryStream(zip))
            {
                await store.SaveAsync(key, content, CancellationToken.None);
            }

            project.ArchiveKey = key;
            db.Set<Project>().Add(project);
            outbox.Send(chat, $"✅ <b>Build {i + 1}</b> is ready: 3 files, 2 tasks approved.", projectId: project.Id);
            outbox.SendArchive(project.Id, chat, $"Build {i + 1}", "project.zip", "en");
            chats.Add(chat);
        }

        // One transaction: the sender sees every build's messages at once, as when they all finish together.
        await db.SaveChangesAsync();
        return chats;
    }

    private static byte[] ZipBytes()
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("converter.py", "def c_to_f(c):\n    return c * 9 / 5 + 32\n"), ("cli.py", "import sys\n"), ("README.md", "# Converter\n") })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return memory.ToArray();
    }
}
