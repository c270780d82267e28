using System.Reflection;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace DevBot.Tests.Hosting;

public sealed class ConfigurationDocumentationTests
{
    public static TheoryData<string> Variables()
    {
        var names = typeof(DevBot.Data.DevBotDbContext).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name)
            .OfType<string>()
            .Distinct()
            .Order();
        return new TheoryData<string>(names);
    }

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_configuration_variable_is_documented_in_env_example_and_the_readme(string variable)
    {
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".env.example")).ShouldContain(variable, Case.Sensitive);
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).ShouldContain($"`{variable}`", Case.Sensitive);
    }
}
