using Bunit;
using FluentValidation;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Shared;

public sealed class FormValidationTests : PortalComponentTest
{
    private sealed class Contact
    {
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
    }

    private sealed class ContactValidator : AbstractValidator<Contact>
    {
        public ContactValidator()
        {
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name.");
            RuleFor(c => c.Email).NotEmpty().WithMessage("Enter an e-mail address.").EmailAddress().WithMessage("Enter a valid e-mail address.");
        }
    }

    private IRenderedComponent<MudForm> RenderForm(Contact contact) => Render<MudForm>(form => form
        .Add(f => f.Model, contact)
        .Add(f => f.Validation, FormValidation.For(new ContactValidator()))
        .Add(f => f.ValidationDelay, 0)
        .AddChildContent<MudTextField<string>>(field => field.Add(f => f.Value, contact.Name).Add(f => f.For, () => contact.Name).Add(f => f.Label, "Name"))
        .AddChildContent<MudTextField<string>>(field => field.Add(f => f.Value, contact.Email).Add(f => f.For, () => contact.Email).Add(f => f.Label, "E-mail")));

    [Fact]
    public async Task For_OneProperty_RunsOnlyThatPropertysRules()
    {
        // Arrange
        var validate = FormValidation.For(new ContactValidator());

        // Act
        var email = await validate(new Contact { Name = "", Email = "not-an-address" }, nameof(Contact.Email));
        var name = await validate(new Contact { Name = "Ada", Email = "" }, nameof(Contact.Name));

        // Assert
        Assert.Equal(["Enter a valid e-mail address."], email);
        Assert.Empty(name);
    }

    [Fact]
    public async Task ValidateAsync_InvalidFields_ShowsTheValidatorsMessagesUnderTheirFields()
    {
        // Arrange
        var cut = RenderForm(new Contact { Name = "", Email = "ada@" });

        // Act
        await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        // Assert
        Assert.False(cut.Instance.IsValid);
        Assert.Equal(["Enter a name.", "Enter a valid e-mail address."], cut.Instance.Errors);
        cut.WaitForAssertion(() =>
        {
            var fields = cut.FindAll(".mud-input-control");
            Assert.Contains("Enter a name.", fields[0].TextContent);
            Assert.Contains("Enter a valid e-mail address.", fields[1].TextContent);
            Assert.DoesNotContain("Enter a name.", fields[1].TextContent);
        });
    }

    [Fact]
    public async Task ValidateAsync_ValidModel_FormIsValid()
    {
        // Arrange
        var cut = RenderForm(new Contact { Name = "Ada", Email = "ada@example.org" });

        // Act
        await cut.InvokeAsync(() => cut.Instance.ValidateAsync());

        // Assert
        Assert.True(cut.Instance.IsValid);
        Assert.Empty(cut.Instance.Errors);
    }
}
