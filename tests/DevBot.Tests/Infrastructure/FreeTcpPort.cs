using System.Net;
using System.Net.Sockets;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// A loopback port nobody listens on right now, for servers that cannot bind port 0 themselves (PostgreSQL).
/// Another process may take it before the caller binds, so callers retry on "address in use".
/// </summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
