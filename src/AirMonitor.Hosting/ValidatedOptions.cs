using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AirMonitor.Hosting;

/// <summary>
/// The one way the hosts read an options class: bound from its configuration section and checked by the class's own
/// <c>Validate()</c>, each problem one line. <see cref="HostStartup.RunAsync"/> prints the lines and exits with 2.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, checked when the host starts.</summary>
    /// <remarks>
    /// Bound by reflection (the project turns the binder's source generator off: it cannot see through a generic call).
    /// The ingest, which uses it, is not trimmed; the edge reads its options with a typed <c>Get</c>, source-generated,
    /// and checks them with <see cref="Validated"/>.
    /// </remarks>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validation<T>(validate));
        return services;
    }

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
