using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Staff;

/// <summary>What the roster form (and one CSV row) edits.</summary>
public sealed class StaffMemberInput
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Aliases { get; set; } = "";
    public string StaffRole { get; set; } = "Tutor";
    public bool Active { get; set; } = true;
    public int? ConnectionId { get; set; }
}

public static partial class StaffRules
{
    public static readonly IReadOnlyList<string> SuggestedRoles = ["Tutor", "Consultant", "Teacher", "Director", "Coordinator"];

    public static bool IsValidEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= 320 && EmailPattern().IsMatch(email.Trim());

    [GeneratedRegex(@"^[^@\s;,""<>()]+@[^@\s;,""<>()]+\.[^@\s;,""<>()]+$")]
    private static partial Regex EmailPattern();
}

public sealed class StaffMemberInputValidator : AbstractValidator<StaffMemberInput>
{
    public StaffMemberInputValidator(IDbContextFactory<PortalDbContext> dbFactory)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Enter the member's name.").MaximumLength(200);
        RuleFor(x => x.StaffRole).NotEmpty().WithMessage("Enter a staff role, e.g. Tutor.").MaximumLength(50);
        RuleFor(x => x.Email).Must(StaffRules.IsValidEmail).WithMessage("Enter a valid e-mail address, e.g. jane.doe@univ.edu.");
        RuleFor(x => x.Aliases).Must(a => StaffMatcher.ParseAliases(a).All(StaffRules.IsValidEmail))
            .WithMessage("Each alias must be a valid e-mail address; separate them with ';'.");
        RuleFor(x => x.Aliases).Must((x, a) => !StaffMatcher.ParseAliases(a).Contains(StaffMatcher.Normalize(x.Email)))
            .WithMessage("An alias repeats the member's own e-mail.");
        RuleFor(x => x.Email).MustAsync(async (x, _, ct) => await FirstClashAsync(dbFactory, x, onlyEmail: true, ct) is null)
            .When(x => StaffRules.IsValidEmail(x.Email))
            .WithMessage(x => "Another staff member already uses this address (as e-mail or alias).");
        RuleFor(x => x.Aliases).MustAsync(async (x, _, ct) => await FirstClashAsync(dbFactory, x, onlyEmail: false, ct) is null)
            .When(x => StaffMatcher.ParseAliases(x.Aliases).Count > 0)
            .WithMessage("An alias is already used by another staff member (as e-mail or alias).");
    }

    private static async Task<string?> FirstClashAsync(IDbContextFactory<PortalDbContext> dbFactory, StaffMemberInput x, bool onlyEmail, CancellationToken ct)
    {
        HashSet<string> mine = onlyEmail ? [StaffMatcher.Normalize(x.Email)] : StaffMatcher.ParseAliases(x.Aliases).ToHashSet();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = x.Id ?? 0;
        var others = await db.StaffMembers.AsNoTracking().Where(s => s.Id != id)
            .Select(s => new { s.NormalizedEmail, s.Aliases }).ToListAsync(ct);
        foreach (var o in others)
        {
            if (mine.Contains(o.NormalizedEmail))
            {
                return o.NormalizedEmail;
            }
            if (o.Aliases.Length > 0 && StaffMatcher.ParseAliases(o.Aliases).FirstOrDefault(mine.Contains) is { } hit)
            {
                return hit;
            }
        }
        return null;
    }
}
