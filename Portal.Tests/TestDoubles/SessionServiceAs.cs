using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The real SessionService of a running portal acting as a given person: the facade and every sessions class behind it are
/// built afresh with that actor and audit log; everything else comes from the scope as the portal registers it.
/// </summary>
public static class SessionServiceAs
{
    public static SessionService Create(IServiceProvider scope, ICurrentActor actor, IAuditLog audit) =>
        ActivatorUtilities.CreateInstance<SessionService>(new Acting(scope, actor, audit));

    private sealed class Acting(IServiceProvider scope, ICurrentActor actor, IAuditLog audit) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(ICurrentActor) ? actor
            : serviceType == typeof(IAuditLog) ? audit
            : serviceType.IsClass && serviceType.Namespace == typeof(SessionService).Namespace ? ActivatorUtilities.CreateInstance(this, serviceType)
            : scope.GetService(serviceType);
    }
}
