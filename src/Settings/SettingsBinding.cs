using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccessTokens.Settings;

/// <summary>
/// The one way settings are bound. Each configuration section is a class whose rules are data annotations on its
/// properties and, for rules across its values, <see cref="IValidatableObject"/>. Services take it through the Options
/// pattern (<see cref="AddSettings{T}"/>), checked when the host starts; what a host needs while it is being built
/// (where the store is, where the cluster is, the screen's keys folder) is read with <see cref="ReadSettings{T}"/>:
/// the same binding and the same checks, before anything starts. A wrong value stops the service with one line
/// naming the key.
/// </summary>
public static class SettingsBinding
{
    /// <summary>Registers <typeparamref name="T"/>, bound from <paramref name="sectionName"/> and checked when the host starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string sectionName)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(sectionName));
        return services.AddOptions<T>()
            .Configure<IConfiguration>((settings, configuration) => Bind(configuration.GetSection(sectionName), settings))
            .ValidateOnStart();
    }

    /// <summary>
    /// Reads <typeparamref name="T"/> from <paramref name="sectionName"/> now, with the checks <see cref="AddSettings{T}"/>
    /// runs at start; throws a <see cref="StartupException"/> naming the first wrong key.
    /// </summary>
    public static T ReadSettings<T>(this IConfiguration configuration, string sectionName)
        where T : class, new()
    {
        var settings = new T();
        Bind(configuration.GetSection(sectionName), settings);
        if (Problems(settings, sectionName) is [var problem, ..])
        {
            throw new StartupException(problem);
        }

        return settings;
    }

    /// <summary>What is wrong with <paramref name="settings"/>, one sentence per problem, each naming its key.</summary>
    public static IReadOnlyList<string> Problems(object settings, string sectionName)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return [.. results.Select(result => Sentence(result, sectionName))];
    }

    // The binder turns a value it cannot convert into an InvalidOperationException naming a .NET type; an operator
    // needs the key and the values it accepts. Enumerations are checked first for that reason.
    private static void Bind(IConfigurationSection section, object settings)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsEnum && section[property.Name] is { } value && !IsName(type, value))
            {
                throw new StartupException(
                    $"{section.Path}:{property.Name} must be {Alternatives(Enum.GetNames(type))}, not '{value}'.");
            }
        }

        try
        {
            section.Bind(settings);
        }
        catch (InvalidOperationException exception)
        {
            throw new StartupException($"The {section.Path} section has a value of the wrong type: {exception.Message}", exception);
        }
    }

    private static bool IsName(Type type, string value) => Enum.TryParse(type, value, ignoreCase: true, out _);

    private static string Alternatives(string[] names) =>
        names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";

    // Rules across values write their whole sentence, key included; an annotation's message names only the property.
    private static string Sentence(ValidationResult result, string sectionName)
    {
        var message = result.ErrorMessage ?? "is not valid.";
        if (message.StartsWith(sectionName + ":", StringComparison.Ordinal))
        {
            return message;
        }

        var member = result.MemberNames.FirstOrDefault();
        return member is null
            ? string.Create(CultureInfo.InvariantCulture, $"{sectionName}: {message}")
            : string.Create(CultureInfo.InvariantCulture, $"{sectionName}:{member}: {message}");
    }

    private sealed class SettingsValidator<T>(string sectionName) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            Problems(options, sectionName) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
