using Microsoft.AspNetCore.Components;

namespace Portal.Components.Shared;

/// <summary>
/// One handler for the buttons and checkboxes of every row of a big list. Rows are plain markup (see
/// <see cref="LightMarkup"/>): an element carrying <c>data-row-action</c> and <c>data-id</c> raises <c>rowaction</c>
/// (wwwroot/app.js), which bubbles to the list's <c>@onrowaction</c> handler. No render-tree frame or delegate per row.
/// </summary>
public sealed class RowActionEventArgs : EventArgs
{
    public string Action { get; set; } = "";

    public int Id { get; set; }

    /// <summary>For a checkbox: whether it is now ticked.</summary>
    public bool Checked { get; set; }
}

[EventHandler("onrowaction", typeof(RowActionEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers;
