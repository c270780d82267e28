using System.Collections.Concurrent;
using System.Reflection;
using Fluid;
using Fluid.Values;

namespace DevBot.Agents;

/// <summary>
/// The agents' prompts, kept as Liquid templates in <c>Agents/Prompts/*.md</c> (embedded in the executable) and
/// rendered with Fluid. Strict: a template naming a value the agent did not supply fails loudly instead of
/// sending the model a silently empty section. A file's final newline is not part of its template.
/// </summary>
internal static class PromptTemplates
{
    private const string ResourcePrefix = "DevBot.Agents.Prompts.";

    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);
    private static readonly TemplateOptions Options = CreateOptions();

    /// <summary>Every prompt file shipped, by name (without <c>.md</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(PromptTemplates).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".md".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Renders <c>Prompts/{name}.md</c> with the given values (property names are read in camelCase).</summary>
    public static string Render(string name, IReadOnlyDictionary<string, object?> values)
    {
        var template = Parsed.GetOrAdd(name, Parse);
        var context = new TemplateContext(Options);
        foreach (var (key, value) in values)
        {
            context.SetValue(key, value is null ? NilValue.Instance : FluidValue.Create(value, Options));
        }

        return template.Render(context);
    }

    private static IFluidTemplate Parse(string name)
    {
        using var stream = typeof(PromptTemplates).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".md")
            ?? throw new InvalidOperationException($"There is no prompt file Agents/Prompts/{name}.md.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().ReplaceLineEndings("\n");
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        return Parser.TryParse(text, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The prompt file Agents/Prompts/{name}.md is not a valid template: {error}");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            Undefined = name => throw new InvalidOperationException($"A prompt template uses '{name}', which the agent does not supply."),
        };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.CamelCase;
        foreach (var type in typeof(PromptTemplates).Assembly.GetTypes().Where(t => t.GetCustomAttribute<PromptModelAttribute>() is not null))
        {
            options.MemberAccessStrategy.Register(type);
        }

        return options;
    }
}

/// <summary>Marks a record whose properties prompt templates may read.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class PromptModelAttribute : Attribute;
