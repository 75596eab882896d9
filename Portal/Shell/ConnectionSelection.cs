using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Shell;

/// <summary>
/// The Zoom connection in view, chosen in the drawer's selector and kept in the address (<c>?connection=7</c>), so a
/// copied link opens on the same connection. No choice means every connection. Connection-scoped pages read it with
/// <c>[SupplyParameterFromQuery(Name = ConnectionSelection.QueryName)] public int? Connection { get; set; }</c>.
/// </summary>
public sealed class ConnectionSelection : IDisposable
{
    public const string QueryName = "connection";

    private readonly NavigationManager _navigation;

    public ConnectionSelection(NavigationManager navigation)
    {
        _navigation = navigation;
        _navigation.LocationChanged += OnLocationChanged;
    }

    /// <summary>Raised when the address changes (the choice may have changed with it).</summary>
    public event Action? Changed;

    /// <summary>The connection chosen in the current address, or null for all connections.</summary>
    public int? ConnectionId => FromUri(_navigation.Uri);

    public static int? FromUri(string uri)
    {
        var query = new Uri(uri, UriKind.Absolute).Query;
        return QueryHelpers.ParseQuery(query).TryGetValue(QueryName, out var values)
            && int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>A link to <paramref name="path"/> that keeps the current choice.</summary>
    public string Link(string path) => ConnectionId is { } id ? WithConnection(path, id) : path;

    public static string WithConnection(string path, int connectionId) =>
        QueryHelpers.AddQueryString(path, QueryName, connectionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Shows the current page for another connection (null: all connections); the page follows through its address.</summary>
    public void Select(int? connectionId)
    {
        if (connectionId != ConnectionId)
        {
            _navigation.NavigateTo(_navigation.GetUriWithQueryParameter(QueryName, connectionId));
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => Changed?.Invoke();

    public void Dispose() => _navigation.LocationChanged -= OnLocationChanged;
}
