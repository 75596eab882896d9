using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Components.Shared;

namespace Portal.Components.Layout;

/// <summary>
/// The main navigation in MudNavMenu's markup and classes, without its components: every open page keeps its layout in
/// the server circuit, and a MudNavLink per entry cost ~250 KiB per page. One cached string per role set and active link.
/// </summary>
public static class NavMenuMarkup
{
    [Flags]
    public enum Sections
    {
        None = 0,
        Staff = 1,
        Director = 2,
        Admin = 4,
    }

    public static readonly (Sections Section, string Policy)[] Policies =
        [(Sections.Staff, Portal.Auth.Policies.Staff), (Sections.Director, Portal.Auth.Policies.Director), (Sections.Admin, Portal.Auth.Policies.Admin)];

    private sealed record Link(string Href, string Text, string Icon, bool Exact = false);

    private sealed record Group(Sections Section, string? Title, string? Icon, Link[] Links);

    private static readonly Group[] s_groups =
    [
        new(Sections.None, null, null, [new("/", "Home", Icons.Material.Filled.Home, Exact: true)]),
        new(Sections.Staff, null, null,
        [
            new("/sessions/mine", "My sessions", Icons.Material.Filled.Event),
            new("/recordings/mine", "My recordings", Icons.Material.Filled.VideoLibrary),
            new("/staff/me", "My staff record", Icons.Material.Filled.Badge),
        ]),
        new(Sections.Director, "Writing center", Icons.Material.Filled.School,
        [
            new("/staff", "Staff & mapping", Icons.Material.Filled.People),
            new("/sessions", "Sessions", Icons.Material.Filled.CalendarMonth, Exact: true),
            new("/dashboards", "Dashboards", Icons.Material.Filled.Insights),
            new("/recordings/cleanup", "Recordings clean-up", Icons.Material.Filled.Storage),
            new("/audit", "Audit log", Icons.Material.Filled.History),
        ]),
        new(Sections.Admin, "Administration", Icons.Material.Filled.AdminPanelSettings,
        [
            new("/connections", "Zoom connections", Icons.Material.Filled.Link),
            new("/webhooks", "Webhook events", Icons.Material.Filled.Webhook),
            new("/jobs", "Background jobs", Icons.Material.Filled.Schedule),
        ]),
    ];

    private static readonly ConcurrentDictionary<(Sections, string?), MarkupString> s_cache = new();

    /// <summary>The menu for these sections with the link matching <paramref name="relativeUri"/> (base-relative) marked active.</summary>
    public static MarkupString For(Sections sections, string relativeUri)
    {
        var path = "/" + relativeUri.Split('?', '#')[0].TrimEnd('/');
        var active = s_groups.Where(g => g.Section == Sections.None || sections.HasFlag(g.Section)).SelectMany(g => g.Links)
            .Where(l => Matches(l, path)).OrderByDescending(l => l.Href.Length).FirstOrDefault()?.Href;
        return s_cache.GetOrAdd((sections, active), key => Build(key.Item1, key.Item2));
    }

    private static bool Matches(Link link, string path) =>
        path.Equals(link.Href, StringComparison.OrdinalIgnoreCase)
        || (!link.Exact && path.StartsWith(link.Href + "/", StringComparison.OrdinalIgnoreCase));

    private static MarkupString Build(Sections sections, string? active)
    {
        var html = new System.Text.StringBuilder("<nav aria-label=\"Main navigation\" class=\"mud-navmenu mud-navmenu-default mud-navmenu-margin-none pt-2\">");
        foreach (var group in s_groups.Where(g => g.Section == Sections.None || sections.HasFlag(g.Section)))
        {
            if (group.Title is null)
            {
                AppendLinks(html, group.Links, active);
                continue;
            }
            html.Append($"<nav aria-label=\"{Encode(group.Title)}\" class=\"mud-nav-group\"><div class=\"mud-nav-link nav-group-title\">")
                .Append(NavIcon(group.Icon!))
                .Append($"<div class=\"mud-nav-link-text\">{Encode(group.Title)}</div></div>")
                .Append("<div class=\"mud-collapse-container mud-collapse-entered mud-navgroup-collapse\"><div class=\"mud-collapse-wrapper\"><div class=\"mud-collapse-wrapper-inner\">")
                .Append("<nav role=\"none\" class=\"mud-navmenu mud-navmenu-default mud-navmenu-margin-none\">");
            AppendLinks(html, group.Links, active);
            html.Append("</nav></div></div></div></nav>");
        }
        return new MarkupString(html.Append("</nav>").ToString());
    }

    private static void AppendLinks(System.Text.StringBuilder html, IEnumerable<Link> links, string? active)
    {
        foreach (var link in links)
        {
            var current = link.Href == active;
            html.Append($"<div class=\"mud-nav-item\"><a href=\"{link.Href}\" class=\"mud-nav-link mud-ripple{(current ? " active\" aria-current=\"page" : "")}\">")
                .Append(NavIcon(link.Icon))
                .Append($"<div class=\"mud-nav-link-text\">{Encode(link.Text)}</div></a></div>");
        }
    }

    private static string NavIcon(string svg) =>
        LightMarkup.Icon(svg, "mud-icon-default mud-nav-link-icon mud-nav-link-icon-default", Size.Medium).Value;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
