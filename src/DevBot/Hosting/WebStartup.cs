using System.Net.Sockets;
using DevBot.Shared;
using Microsoft.AspNetCore.Connections;

namespace DevBot.Hosting;

public static class WebStartup
{
    /// <summary>
    /// Starts the web host and runs it until shutdown. An address that cannot be bound (in use, or a privileged port)
    /// becomes a <see cref="StartupException"/> naming <c>--urls</c>.
    /// </summary>
    public static async Task RunUntilShutdownAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            throw new StartupException(
                $"{Addresses(app)} is already in use by another program: stop that program, or give DevBot another address with --urls (e.g. --urls http://0.0.0.0:8080) or ASPNETCORE_URLS.", ex);
        }
        catch (IOException ex) when (ex.InnerException?.InnerException is SocketException { SocketErrorCode: SocketError.AccessDenied })
        {
            throw new StartupException(
                $"DevBot may not listen on {Addresses(app)} (ports below 1024 need privileges): use a port above 1024 with --urls or ASPNETCORE_URLS.", ex);
        }

        await app.WaitForShutdownAsync(cancellationToken);
    }

    // Kestrel fills app.Urls only once bound; before that the addresses are the configured ones.
    private static string Addresses(WebApplication app) =>
        app.Urls.Count > 0 ? string.Join(", ", app.Urls)
        : app.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured ? configured.Replace(";", ", ", StringComparison.Ordinal)
        : app.Configuration["HTTP_PORTS"] is { Length: > 0 } ports ? $"Port {ports}"
        : "http://localhost:5000";
}
