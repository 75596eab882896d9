using System.Security.Cryptography;
using Portal.Core.Security;

namespace Portal.Core.Features.Sessions;

/// <summary>
/// A session's one link: a random token whose SHA-256 finds the session when the link is opened, kept encrypted (like the
/// Zoom secrets) so staff can show and copy the same link again at any time.
/// </summary>
public sealed class JoinLinkSecrets(ISecretProtector protector)
{
    /// <summary>Gives the session a new token (the previous link stops working) and returns it.</summary>
    public string IssueFor(Session session)
    {
        var token = JoinTokens.New();
        session.JoinTokenHash = JoinTokens.Hash(token);
        session.JoinTokenProtected = protector.Protect(token);
        return token;
    }

    /// <summary>The session's current token; null when it was made before links were kept, or the keys that encrypted it are gone.</summary>
    public string? Reveal(Session session)
    {
        if (session.JoinTokenProtected is not { } protectedToken)
        {
            return null;
        }
        try
        {
            var token = protector.Unprotect(protectedToken);
            return JoinTokens.Hash(token) == session.JoinTokenHash ? token : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
