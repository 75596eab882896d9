using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Core.Settings;

public static class SectionOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> once from <paramref name="section"/> and checks its data annotations when the host
    /// starts, so a wrong value stops the portal with a message naming the key (e.g. <c>Alerts:StorageWarnPercent</c>).
    /// </summary>
    public static OptionsBuilder<T> AddSectionOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionAnnotationsValidator<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// For the few sections that decide what gets registered (the database provider, the key certificate, the sign-in, the
    /// Zoom sandbox): binds <typeparamref name="T"/> once, now, checks it at once with the same key-naming messages (data
    /// annotations and <paramref name="checks"/>), and registers that instance as the <see cref="IOptions{T}"/> everyone
    /// else reads. <paramref name="complete"/> fills what lives outside the section (a connection string).
    /// </summary>
    public static T AddSectionOptionsNow<T>(this IServiceCollection services, IConfiguration configuration, string section,
        Action<T>? complete = null, params IValidateOptions<T>[] checks) where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        complete?.Invoke(options);
        var failures = checks.Prepend(new SectionAnnotationsValidator<T>(section))
            .Select(check => check.Validate(Options.DefaultName, options))
            .Where(result => result.Failed)
            .SelectMany(result => result.Failures ?? [])
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(T), failures);
        }
        services.AddSingleton<IOptions<T>>(Options.Create(options));
        return options;
    }
}
