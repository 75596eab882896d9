using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Connections;

/// <summary>Connection names and URL slugs are unique: a taken one gets " (2)" / "-2" and so on.</summary>
internal static class ConnectionNames
{
    private const int MaxNameLength = 90;
    private const int MaxSlugLength = 60;

    /// <summary>A display name no other connection (than <paramref name="self"/>) has.</summary>
    public static async Task<string> UniqueNameAsync(PortalDbContext db, string name, int? self, CancellationToken ct)
    {
        var baseName = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        var candidate = baseName;
        for (var n = 2; await db.ZoomConnections.AnyAsync(x => x.Name == candidate && x.Id != self, ct); n++)
        {
            candidate = $"{baseName} ({n})";
        }
        return candidate;
    }

    public static async Task<string> UniqueSlugAsync(PortalDbContext db, string name, CancellationToken ct)
    {
        var sb = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(ch);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length == 0)
        {
            slug = "zoom";
        }
        if (slug.Length > MaxSlugLength)
        {
            slug = slug[..MaxSlugLength].TrimEnd('-');
        }
        var candidate = slug;
        for (var n = 2; await db.ZoomConnections.AnyAsync(x => x.Slug == candidate, ct); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
