using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;
using Portal.Core.Features.Staff;

namespace Portal.Components.Pages.Staff;

/// <summary>
/// The read-only cells of a roster grid row, each as one markup frame (see <see cref="LightMarkup"/> for why).
/// Every value from the database is HTML-encoded here.
/// </summary>
internal static class StaffRowMarkup
{
    private const string Caption = "<span class=\"mud-typography mud-typography-caption d-block nowrap\">";

    public static MarkupString Member(StaffRow row) => new(
        $"<a href=\"/staff/{row.Id}\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body2 member-link\">" +
        $"<b>{Encode(row.Name)}</b></a>{Caption}{Encode(row.Email)}</span>" +
        (row.Active ? "" : "<span class=\"mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default ma-0\"><span class=\"mud-chip-content\">inactive on roster</span></span>"));

    public static MarkupString RoleAndConnection(StaffRow row) => new(
        $"<span class=\"mud-typography mud-typography-body2 d-block\">{Encode(row.StaffRole)}</span>" +
        $"<span class=\"mud-typography mud-typography-caption d-block\">{Encode(row.ConnectionName ?? "no connection")}</span>");

    /// <summary>The reason, and the fix in words unless the row offers it as a button.</summary>
    public static MarkupString Reason(StaffRow row, bool showFix) => new(
        $"<span class=\"mud-typography mud-typography-body2 d-block reason\">{Encode(row.Reason)}</span>" +
        (row.Fix == MappingFix.None || !showFix ? "" : $"<span class=\"mud-typography mud-typography-caption mud-secondary-text d-block\">Fix: {Encode(row.FixLabel)}</span>"));

    public static MarkupString Zoom(StaffRow row, DateTimeOffset now) => new(row.ZoomEmail is null
        ? "<span class=\"mud-typography mud-typography-caption\">–</span>"
        : $"{Caption}{Encode(ZoomType(row.ZoomUserType))} · {Encode(row.ZoomStatus)}</span>{Caption}Last sign-in: {Encode(Format.Ago(row.ZoomLastLoginAt, now))}</span>");

    /// <summary>The row's selection checkbox; ticking it raises <c>rowaction</c> "select".</summary>
    public static MarkupString Select(StaffRow row, bool selected) => new(
        $"<input type=\"checkbox\" class=\"row-select\" data-row-action=\"select\" data-id=\"{row.Id}\" id=\"select-{row.Id}\" " +
        $"aria-label=\"Select {Encode(row.Name)}\"{(selected ? " checked" : "")} />");

    /// <summary>The reason with the fix: a button when the portal can apply it, the reason it cannot when the link is user-level.</summary>
    public static MarkupString Fix(StaffRow row, string? switchedOffReason, bool busy)
    {
        var offered = row.Fix is MappingFix.Invite or MappingFix.AssignLicence;
        var reason = Reason(row, showFix: !offered || switchedOffReason is not null).Value;
        if (!offered)
        {
            return new(reason);
        }
        if (switchedOffReason is not null)
        {
            return new(reason + $"<span class=\"mud-typography mud-typography-caption d-block switched-off\" title=\"{Encode(switchedOffReason)}\">" +
                "Invite and licences are off: user-level Zoom link</span>");
        }
        var (action, label) = row.Fix == MappingFix.Invite ? ("invite", "Invite to Zoom") : ("licence", "Assign a licence");
        return new(reason + $"<button type=\"button\" class=\"{FilledButtonClass} mt-1\" data-row-action=\"{action}\" data-id=\"{row.Id}\" " +
            $"id=\"{action}-{row.Id}\"{Disabled(busy)}><span class=\"mud-button-label\">{label}</span></button>");
    }

    /// <summary>Re-check in Zoom (raises <c>rowaction</c> "recheck") and the link to the member's page.</summary>
    public static MarkupString Actions(StaffRow row, bool busy) => new(
        "<div class=\"d-flex gap-1 align-center row-actions\">" +
        $"<button type=\"button\" class=\"{IconButtonClass}\" data-row-action=\"recheck\" data-id=\"{row.Id}\" id=\"recheck-{row.Id}\" " +
        $"title=\"Re-check in Zoom\" aria-label=\"Re-check {Encode(row.Name)} in Zoom\"{Disabled(busy)}>{LightMarkup.Icon(Icons.Material.Filled.Refresh)}</button>" +
        $"<a class=\"{IconButtonClass}\" href=\"/staff/{row.Id}\" title=\"History, Zoom settings and edit\" " +
        $"aria-label=\"History, Zoom settings and edit: {Encode(row.Name)}\" id=\"details-{row.Id}\">{LightMarkup.Icon(Icons.Material.Filled.History)}</a></div>");

    private static string Disabled(bool busy) => busy ? " disabled" : "";

    public const string IconButtonClass = "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small";

    public const string FilledButtonClass = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-small mud-ripple";

    public static string ZoomType(int? type) => type switch
    {
        2 => "Licensed",
        1 => "Basic",
        null => "?",
        _ => $"type {type}",
    };

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}

/// <summary>
/// The markup of one grid row, built once per page load and per state (selected, busy), so that re-renders reuse the
/// same strings instead of keeping new copies in the circuit's render trees.
/// </summary>
internal sealed class StaffRowCells(StaffRow row, DateTimeOffset now, string? switchedOffReason)
{
    private readonly MarkupString[] _select = [StaffRowMarkup.Select(row, false), StaffRowMarkup.Select(row, true)];
    private readonly MarkupString?[] _fix = new MarkupString?[2];
    private readonly MarkupString?[] _actions = new MarkupString?[2];

    public MarkupString Member { get; } = StaffRowMarkup.Member(row);

    public MarkupString RoleAndConnection { get; } = StaffRowMarkup.RoleAndConnection(row);

    public MarkupString Zoom { get; } = StaffRowMarkup.Zoom(row, now);

    public MarkupString Select(bool selected) => _select[selected ? 1 : 0];

    public MarkupString Fix(bool busy) => _fix[busy ? 1 : 0] ??= StaffRowMarkup.Fix(row, switchedOffReason, busy);

    public MarkupString Actions(bool busy) => _actions[busy ? 1 : 0] ??= StaffRowMarkup.Actions(row, busy);
}
