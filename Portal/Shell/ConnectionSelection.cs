namespace Portal.Shell;

/// <summary>The Zoom connection in view for this circuit, chosen in the app bar.</summary>
public sealed class ConnectionSelection
{
    public int? ConnectionId { get; private set; }

    public event Action? Changed;

    public void Select(int? connectionId)
    {
        if (ConnectionId == connectionId)
        {
            return;
        }
        ConnectionId = connectionId;
        Changed?.Invoke();
    }
}
