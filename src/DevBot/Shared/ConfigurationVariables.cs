using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace DevBot.Shared;

/// <summary>One setting of an options class: the property and the variable it is read from.</summary>
public sealed record ConfigurationVariable(Type OptionsType, PropertyInfo Property, string Name)
{
    /// <summary>The value the setting has when the variable is not set (from a fresh options object).</summary>
    public object? DefaultValue => Property.GetValue(Activator.CreateInstance(OptionsType));

    /// <summary>
    /// Whether the value may be shown in an error message: numbers, flags, enums and durations, never text (a text
    /// setting may be a key, a token or a URL with a password in it).
    /// </summary>
    public bool IsSafeToShow
    {
        get
        {
            var type = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
            return type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan);
        }
    }

    public static string Show(object? value) => value switch
    {
        null => "not set",
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>
/// The environment variables behind DevBot's options classes, found by reflection on their
/// <see cref="ConfigurationKeyNameAttribute"/>s: errors can name the variable an operator sets, never a property.
/// </summary>
public static class ConfigurationVariables
{
    /// <summary>The variable a property is bound from, or null when it has none.</summary>
    public static ConfigurationVariable? Of(Type optionsType, string propertyName) =>
        optionsType.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance) is { } property
            && property.GetCustomAttribute<ConfigurationKeyNameAttribute>() is { } key
            ? new ConfigurationVariable(optionsType, property, key.Name)
            : null;

    /// <summary>Every variable of every options class in DevBot (classes with a public parameterless constructor).</summary>
    public static IReadOnlyList<ConfigurationVariable> All { get; } = typeof(ConfigurationVariables).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (Property: p, Key: p.GetCustomAttribute<ConfigurationKeyNameAttribute>()))
            .Where(p => p.Key is not null)
            .Select(p => new ConfigurationVariable(t, p.Property, p.Key!.Name)))
        .ToList();
}
