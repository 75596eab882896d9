using Portal.Core.Features.Notifications;

namespace Portal.Tests.Core.Notifications;

public sealed class EmailOptionsValidatorTests
{
    [Theory]
    [InlineData(null, null, "Auto", null)]
    [InlineData("smtp.school.example", "portal@school.example", "starttls", null)]
    [InlineData("smtp.school.example", null, "Auto", "Email:From must be an e-mail address when Email:Smtp:Host is set (was '').")]
    [InlineData(null, null, "Tls", "Email:Smtp:Security must be one of Auto, None, StartTls, SslOnConnect (was 'Tls').")]
    public void Validate_Settings_NamesTheKeyThatIsWrong(string? host, string? from, string security, string? failure)
    {
        // Arrange
        var options = new EmailOptions { From = from, Smtp = { Host = host, Security = security } };

        // Act
        var result = new EmailOptionsValidator().Validate(null, options);

        // Assert
        Assert.Equal(failure, result.Failed ? Assert.Single(result.Failures!) : null);
    }

    [Theory]
    [InlineData("portal@School.Example", "@school.example")]
    [InlineData(null, "@portal")]
    public void NewMessageId_From_IsInTheSendersDomainAndNew(string? from, string suffix)
    {
        // Act
        var first = MailMessages.NewMessageId(from);
        var second = MailMessages.NewMessageId(from);

        // Assert
        Assert.EndsWith(suffix, first);
        Assert.NotEqual(first, second);
    }
}
