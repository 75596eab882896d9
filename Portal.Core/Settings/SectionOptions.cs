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
}
