using FluentValidation;

namespace Portal.Components.Shared;

/// <summary>
/// The one bridge from a FluentValidation validator to <c>&lt;MudForm Validation=...&gt;</c>: MudForm asks per field
/// (the model and the property name from the field's <c>For</c>), and only that property's rules run.
/// </summary>
public static class FormValidation
{
    public static Func<object, string, Task<IEnumerable<string>>> For<T>(IValidator<T> validator) => async (model, propertyName) =>
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };
}
