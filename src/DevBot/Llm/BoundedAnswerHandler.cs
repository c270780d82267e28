namespace DevBot.Llm;

/// <summary>What the HTTP layer needs to know about the call in flight (set around one request, flows with it).</summary>
internal sealed record LlmRequestScope(CallKey? Key, long MaxAnswerBytes)
{
    private static readonly AsyncLocal<LlmRequestScope?> CurrentScope = new();

    public static LlmRequestScope? Current => CurrentScope.Value;

    public static IDisposable Enter(LlmRequestScope scope)
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = scope;
        return new Exit(previous);
    }

    private sealed class Exit(LlmRequestScope? previous) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = previous;
    }
}

/// <summary>The model's answer was larger than any answer to the requested tokens can be; reading stopped there.</summary>
internal sealed class LlmAnswerTooLargeException(long limit) : IOException($"The answer exceeded {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Sits under the OpenAI SDK's HTTP pipeline: names the call in an <c>X-DevBot-Call</c> header and stops reading a
/// response body past the call's byte bound, so a runaway or hostile answer costs neither memory nor credits.
/// </summary>
internal sealed class BoundedAnswerHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string CallHeader = "X-DevBot-Call";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scope = LlmRequestScope.Current;
        if (scope?.Key is { } key)
        {
            request.Headers.TryAddWithoutValidation(CallHeader, key.ToString());
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (scope is null)
        {
            return response;
        }

        if (response.Content.Headers.ContentLength > scope.MaxAnswerBytes)
        {
            response.Dispose();
            throw new LlmAnswerTooLargeException(scope.MaxAnswerBytes);
        }

        response.Content = new BoundedContent(response.Content, scope.MaxAnswerBytes);
        return response;
    }

    private sealed class BoundedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _limit;

        public BoundedContent(HttpContent inner, long limit)
        {
            _inner = inner;
            _limit = limit;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            await using var source = await CreateContentReadStreamAsync(cancellationToken);
            await source.CopyToAsync(stream, cancellationToken);
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new LimitedStream(await _inner.ReadAsStreamAsync(cancellationToken), _limit);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new LlmAnswerTooLargeException(limit) : read;
        }
    }
}
