using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DevBot.Shared;

/// <summary>
/// Data-annotation validation of an options class whose messages name the environment variable
/// (<c>JOB_LEASE_SECONDS must be between 2 and 3600 …</c>), not the property (<c>'LeaseSeconds'</c>) as
/// <c>ValidateDataAnnotations</c> does. Every options class registers with <see cref="ValidateByVariableName{T}"/>.
/// </summary>
public sealed class VariableNamedValidation<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var attributes = property.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>().ToList();
            if (attributes.Count == 0)
            {
                continue;
            }

            var variable = ConfigurationVariables.Of(typeof(TOptions), property.Name);
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = variable?.Name ?? property.Name };
            foreach (var attribute in attributes)
            {
                if (attribute.GetValidationResult(value, context) is { } result && result != ValidationResult.Success)
                {
                    failures.Add(Sentence(variable, attribute, result, value));
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Sentence(ConfigurationVariable? variable, ValidationAttribute attribute, ValidationResult result, object? value)
    {
        if (variable is null)
        {
            return result.ErrorMessage ?? $"{typeof(TOptions).Name} is invalid.";
        }

        var shown = variable.IsSafeToShow ? $" {ConfigurationVariable.Show(value)}" : string.Empty;
        var fix = $"change it, or remove it to use the default ({ConfigurationVariable.Show(variable.DefaultValue)}).";
        return attribute is RangeAttribute range
            ? $"{variable.Name} is{shown} but must be between {range.Minimum} and {range.Maximum}: {fix}"
            : $"{result.ErrorMessage?.TrimEnd('.')}{(shown.Length > 0 ? $" (it is{shown})" : string.Empty)}: {fix}";
    }
}

public static class VariableNamedValidationExtensions
{
    /// <summary>Validates the options' data annotations with messages that name the environment variables.</summary>
    public static OptionsBuilder<TOptions> ValidateByVariableName<TOptions>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, VariableNamedValidation<TOptions>>());
        return builder;
    }
}
