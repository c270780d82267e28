namespace DevBot.OpenApi;

/// <summary>The metadata DevBot's endpoints share, so each group states it in one line.</summary>
public static class EndpointDocumentation
{
    /// <summary>Files the endpoints under <paramref name="tag"/> (described in <see cref="ApiTags"/>).</summary>
    public static TBuilder WithApiTag<TBuilder>(this TBuilder builder, ApiTag tag)
        where TBuilder : IEndpointConventionBuilder => builder.WithTags(tag.Name);

    /// <summary>
    /// The error statuses the endpoint itself answers, each an RFC 7807 problem (401, 403 and 429 of authentication
    /// and the rate limit are added to every authenticated operation already).
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.ProducesProblem(statusCode);
        }

        return builder;
    }
}
