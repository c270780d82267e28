namespace DevBot.Health;

/// <summary>A health report: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c> overall and per check, with how long it took.</summary>
public sealed record HealthView(string Status, int DurationMs, IReadOnlyDictionary<string, HealthCheckView> Checks);

/// <summary>One check's result; the description says why when it is not healthy (and names the setting to fix).</summary>
public sealed record HealthCheckView(string Status, string? Description, int DurationMs);
