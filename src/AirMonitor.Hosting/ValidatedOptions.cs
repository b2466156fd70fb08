using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using AirMonitor.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AirMonitor.Hosting;

/// <summary>
/// The one way the hosts read an options class: bound from its configuration section and checked by the class's own
/// <c>Validate()</c>, each problem one line, after one line per key in the section that is no setting of the class (a
/// typo, or a key that moved: the binder would ignore it and the default would quietly apply). <see cref="HostStartup.RunAsync"/> prints the lines and exits with 2.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, checked when the host starts.</summary>
    /// <remarks>
    /// Bound by reflection (the project turns the binder's source generator off: it cannot see through a generic call).
    /// The ingest, which uses it, is not trimmed; the edge reads its options with a typed <c>Get</c>, source-generated,
    /// and checks them with <see cref="Validated"/>.
    /// </remarks>
    public static IServiceCollection AddValidatedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        this IServiceCollection services, IConfiguration section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validation<T>(options => UnknownKeys<T>(section).Concat(validate(options))));
        return services;
    }

    /// <summary>
    /// Reads each renamed key under its old name too, as its new one (a value set under the new name wins), so that a
    /// deployment written for the old name keeps working; the old key is then no longer set, for <see cref="UnknownKeys{T}"/>.
    /// </summary>
    /// <returns>One notice per old name in use, for the host to log.</returns>
    public static IReadOnlyList<string> ReadRenamedKeys(this ConfigurationManager config, params (string Old, string New)[] renamed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var moved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var notices = new List<string>();
        foreach (var (old, now) in renamed)
        {
            if (config[old] is { } value)
            {
                var set = config[now];
                moved[now] = set ?? value;
                moved[old] = null;
                notices.Add(set is null
                    ? $"{old} is renamed {now}: read as {now}; the old name will stop working in a later release"
                    : $"{old} is renamed {now}, which is set too: {old} is ignored; remove it");
            }
        }

        if (moved.Count > 0)
        {
            config.AddInMemoryCollection(moved);
        }

        return notices;
    }

    /// <summary>
    /// <c>Section:Key is not a setting; did you mean 'Nearest'? settings: …</c> for each key of <paramref name="section"/>
    /// that <typeparamref name="T"/> has no property for, and so on down its nested classes and lists of them
    /// (<c>Alerts:Webhook:Secrt</c>, <c>Alerts:Rules:0:Threshhold</c>). Nothing for the configuration root (a class
    /// bound to top-level keys, such as <c>Urls</c>, shares the root with every section).
    /// </summary>
    public static IEnumerable<string> UnknownKeys<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfiguration section) =>
        section is IConfigurationSection bound ? UnknownKeys(typeof(T), bound) : [];

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The binder keeps the properties of every options class it binds, nested ones included.")]
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = "As above.")]
    private static IEnumerable<string> UnknownKeys([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type, IConfigurationSection section)
    {
        var settings = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || !p.PropertyType.IsValueType)
            .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(c => c.Exists()))
        {
            if (!settings.TryGetValue(child.Key, out var setting))
            {
                yield return $"{child.Path} is not a setting; {DidYouMean.Hint(child.Key, settings.Keys, ignoreCase: true)}settings: {string.Join(", ", settings.Keys)}";
            }
            else if (IsOptionsClass(setting))
            {
                foreach (var line in UnknownKeys(setting, child))
                {
                    yield return line;
                }
            }
            else if (ElementOf(setting) is { } element && IsOptionsClass(element))
            {
                foreach (var line in child.GetChildren().SelectMany(item => UnknownKeys(element, item)))
                {
                    yield return line;
                }
            }
        }
    }

    private static bool IsOptionsClass(Type type) => type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    /// <summary>The element type of an array or list; null for dictionaries (their keys are the operator's) and anything else.</summary>
    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type) ? element
        : null;

    /// <summary>
    /// Checks options read now, for settings the composition itself depends on (the edge's profile path); the same lines
    /// as at start.
    /// </summary>
    /// <exception cref="OptionsValidationException">One failure per problem.</exception>
    public static T Validated<T>(this T options, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        var result = new Validation<T>(validate).Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : options;
    }

    private sealed class Validation<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = validate(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
