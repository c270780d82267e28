using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DevBot.Shared;

/// <summary>
/// Checks, before anything is bound, that every variable holding a number, a flag or a choice can be read as one.
/// The configuration binder would throw on the first bad value with a stack trace and a .NET type name; this names
/// the variable, says what it must hold, and what the default is.
/// </summary>
public static class ConfigurationValueCheck
{
    /// <summary>Throws a <see cref="StartupException"/> listing every unreadable value (one sentence each).</summary>
    public static void ThrowIfUnreadable(IConfiguration configuration)
    {
        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }
    }

    public static IReadOnlyList<string> Problems(IConfiguration configuration) => ConfigurationVariables.All
        .DistinctBy(v => v.Name)
        .Select(variable => Problem(variable, configuration[variable.Name]))
        .OfType<string>()
        .ToList();

    private static string? Problem(ConfigurationVariable variable, string? value)
    {
        var type = Nullable.GetUnderlyingType(variable.Property.PropertyType) ?? variable.Property.PropertyType;
        if (string.IsNullOrEmpty(value) || !IsScalar(type))
        {
            return null;
        }

        // The same conversion the configuration binder uses.
        var converter = TypeDescriptor.GetConverter(type);
        try
        {
            _ = converter.ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            var shown = variable.IsSafeToShow ? $" '{Clip(value)}'" : string.Empty;
            return $"{variable.Name} is{shown} but must be {Expected(type)}: set it to one, or remove it to use the default ({ConfigurationVariable.Show(variable.DefaultValue)}).";
        }
    }

    /// <summary>The types a single variable converts to (text needs no check; lists are bound from several keys).</summary>
    internal static bool IsScalar(Type type) =>
        type != typeof(string) && (type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Guid));

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number such as 1.5",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLower(CultureInfo.InvariantCulture))),
        _ => $"a {type.Name}",
    };

    private static string Clip(string value) => Utf8Text.Clip(value, 41);
}
