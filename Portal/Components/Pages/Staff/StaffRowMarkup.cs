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
