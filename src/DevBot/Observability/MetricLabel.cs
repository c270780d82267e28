using System.Text;

namespace DevBot.Observability;

/// <summary>One label of a metric sample: a name and its value.</summary>
public readonly record struct MetricLabel(string Name, string Value)
{
    /// <summary>An enum value as a label value in Prometheus' style: <c>TooManyRequests</c> → <c>too_many_requests</c>.</summary>
    public static string ValueOf<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
