using System.Net.Sockets;

namespace DevBot.Llm;

/// <summary>
/// Opens the TCP connection to the model server with a bound of its own. Without it a host that drops packets holds a
/// call for the whole LLM_TIMEOUT_SECONDS (ten minutes by default, meant for slow answers, not for connecting); with
/// it the call fails as unreachable (a timed-out socket) within seconds.
/// </summary>
internal static class ConnectWithin
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(TimeSpan timeout) =>
        async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, bounded.Token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new SocketException((int)SocketError.TimedOut);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
