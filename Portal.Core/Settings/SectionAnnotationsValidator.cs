using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Portal.Core.Settings;

/// <summary>
/// Checks the data annotations of an options class and of the classes it nests (<c>Sessions:Defaults</c>), naming each
/// failure by its configuration key and the value found, which the framework's own annotation check does not.
/// </summary>
public sealed class SectionAnnotationsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        Check(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object options, string prefix, List<string> failures)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Settings are what configuration can set; computed properties are not keys.
            if (property.GetIndexParameters().Length > 0 || !property.CanWrite)
            {
                continue;
            }
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(options);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!attribute.IsValid(value))
                {
                    failures.Add(Describe(attribute, key, value));
                }
            }
            if (value is not null && IsNestedSection(property.PropertyType))
            {
                Check(value, key, failures);
            }
        }
    }

    private static bool IsNestedSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Portal.", StringComparison.Ordinal) == true;

    private static string Describe(ValidationAttribute attribute, string key, object? value)
    {
        var was = value is null ? "not set" : $"was {Convert.ToString(value, CultureInfo.InvariantCulture)}";
        return attribute switch
        {
            RangeAttribute range => $"{key} must be between {range.Minimum} and {range.Maximum} ({was}).",
            RequiredAttribute => $"{key} must be set.",
            AllowedValuesAttribute allowed => $"{key} must be one of {string.Join(", ", allowed.Values)} ({was}).",
            EnumDataTypeAttribute e => $"{key} must be one of {string.Join(", ", Enum.GetNames(e.EnumType))} ({was}).",
            _ => $"{key}: {attribute.FormatErrorMessage(key)} ({was}).",
        };
    }
}
