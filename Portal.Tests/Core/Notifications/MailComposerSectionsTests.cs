using Portal.Core.Features.Notifications;

namespace Portal.Tests.Core.Notifications;

public sealed class MailComposerSectionsTests
{
    [Fact]
    public void Compose_SectionWithMarkupInItsText_EncodesEveryPieceAndKeepsTheLinks()
    {
        // Arrange
        var content = new MailContent("Digest", "What happened", ["Two updates"])
        {
            Sections =
            [
                new MailSection("No-shows <b>", [
                    new MailItem("Session <script>alert(1)</script>", "Client \"Kim\" & co", "https://portal.example.edu/sessions/1?a=1&b=2"),
                    new MailItem("Without a link", null, null),
                ]),
            ],
        };

        // Act
        var mail = MailComposer.Compose(content, "Writing Center", null);

        // Assert
        Assert.Contains("<h3 style=\"font-size:16px\">No-shows &lt;b&gt;</h3>", mail.Html);
        Assert.Contains("<li><a href=\"https://portal.example.edu/sessions/1?a=1&amp;b=2\">Session &lt;script&gt;alert(1)&lt;/script&gt;</a>: Client &quot;Kim&quot; &amp; co</li>", mail.Html);
        Assert.Contains("<li>Without a link</li>", mail.Html);
        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Contains("No-shows <b>\n- Session <script>alert(1)</script>: Client \"Kim\" & co\n  https://portal.example.edu/sessions/1?a=1&b=2\n- Without a link\n", mail.Text);
    }
}
