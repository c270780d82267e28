using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using DevBot.Shared;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Shared;

/// <summary>Every options class reports a bad value by the variable an operator sets, found by reflection — not by its property name.</summary>
public sealed class ConfigurationErrorTests
{
    /// <summary>Every variable with a [Range], and a value just outside it.</summary>
    public static TheoryData<string, string> RangedVariables()
    {
        var data = new TheoryData<string, string>();
        foreach (var variable in ConfigurationVariables.All.DistinctBy(v => v.Name))
        {
            if (variable.Property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                var below = Convert.ToDecimal(range.Minimum, CultureInfo.InvariantCulture) - 1;
                data.Add(variable.Name, below.ToString(CultureInfo.InvariantCulture));
            }
        }

        return data;
    }

    /// <summary>Every variable that holds a number, a flag or a choice.</summary>
    public static TheoryData<string> TypedVariables() => new(ConfigurationVariables.All
        .Where(v => ConfigurationValueCheck.IsScalar(Nullable.GetUnderlyingType(v.Property.PropertyType) ?? v.Property.PropertyType))
        .Select(v => v.Name).Distinct().Order());

    [Theory]
    [MemberData(nameof(RangedVariables))]
    public void A_value_out_of_range_is_reported_by_its_variable_with_the_range_and_the_default(string variable, string value)
    {
        var options = ConfigurationVariables.All.First(v => v.Name == variable);

        var failure = Should.Throw<OptionsValidationException>(() => Resolve(options.OptionsType, (variable, value)));

        var message = string.Join(" ", failure.Failures);
        message.ShouldContain(variable, Case.Sensitive);
        message.ShouldContain("must be between");
        message.ShouldContain("the default");
        message.ShouldNotContain($"'{options.Property.Name}'");
        message.ShouldNotContain($"field {options.Property.Name} ");
    }

    [Theory]
    [MemberData(nameof(TypedVariables))]
    public void A_value_that_cannot_be_read_is_reported_by_its_variable_before_anything_is_bound(string variable)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [variable] = "not-a-value!" }).Build();

        var problem = ConfigurationValueCheck.Problems(configuration).ShouldHaveSingleItem();

        problem.ShouldStartWith($"{variable} is");
        problem.ShouldContain("remove it to use the default");
    }

    [Fact]
    public void Valid_values_and_unset_variables_raise_no_problem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JOB_LEASE_SECONDS"] = "45",
            ["MARKUP_FACTOR"] = "2.5",
            ["ALLOW_UNPRICED_MODELS"] = "true",
            ["LLM_MODEL"] = "anything at all",
            ["JOB_POLL_SECONDS"] = string.Empty,
        }).Build();

        ConfigurationValueCheck.Problems(configuration).ShouldBeEmpty();
    }

    [Fact]
    public void Text_settings_are_never_shown_in_an_error_because_they_may_be_secrets()
    {
        ConfigurationVariables.All.Where(v => v.Property.PropertyType == typeof(string)).ShouldAllBe(v => !v.IsSafeToShow);
    }

    [Fact]
    public void No_options_class_is_validated_with_messages_that_name_its_properties()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "DevBot"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains(".ValidateDataAnnotations()", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .ToList();

        offenders.ShouldBeEmpty("use ValidateByVariableName(): ValidateDataAnnotations reports 'LeaseSeconds', not JOB_LEASE_SECONDS");
    }

    private static object Resolve(Type optionsType, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
        var services = new ServiceCollection();
        typeof(ConfigurationErrorTests).GetMethod(nameof(Register), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(optionsType).Invoke(null, [services, configuration]);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType));
        try
        {
            return options.GetType().GetProperty("Value")!.GetValue(options)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private static void Register<TOptions>(IServiceCollection services, IConfiguration configuration)
        where TOptions : class => services.AddOptions<TOptions>().Bind(configuration).ValidateByVariableName();
}
