using System.Text;

namespace DevBot.Sandbox;

/// <summary>
/// Keeps the last <c>capacity</c> bytes written to it (a ring buffer) and counts everything: the end of a run's output
/// is where failures and summaries are, so the head is what gets dropped. Thread-safe (stdout and stderr share one).
/// </summary>
internal sealed class OutputTail(int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private readonly Lock _gate = new();
    private long _total;

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            _total += data.Length;
            if (data.Length > _buffer.Length)
            {
                data = data[^_buffer.Length..];
            }

            var position = (int)((_total - data.Length) % _buffer.Length);
            var first = Math.Min(data.Length, _buffer.Length - position);
            data[..first].CopyTo(_buffer.AsSpan(position));
            data[first..].CopyTo(_buffer);
        }
    }

    /// <summary>The kept bytes as text; when the head was dropped, the text starts at a character (and if near, a line) boundary.</summary>
    public (string Text, bool Truncated) Snapshot()
    {
        byte[] bytes;
        bool truncated;
        lock (_gate)
        {
            truncated = _total > _buffer.Length;
            if (!truncated)
            {
                bytes = _buffer.AsSpan(0, (int)_total).ToArray();
            }
            else
            {
                var start = (int)(_total % _buffer.Length);
                bytes = [.. _buffer.AsSpan(start), .. _buffer.AsSpan(0, start)];
            }
        }

        var offset = 0;
        if (truncated)
        {
            while (offset < bytes.Length && (bytes[offset] & 0xC0) == 0x80)
            {
                offset++;
            }

            var newline = Array.IndexOf(bytes, (byte)'\n', offset);
            if (newline >= 0 && newline - offset < bytes.Length / 4)
            {
                offset = newline + 1;
            }
        }

        return (Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset), truncated);
    }
}
