using System.Reflection;
using System.Text.RegularExpressions;
using Portal.Core.Features.Audit;

namespace Portal.Tests.Core.Audit;

public sealed partial class AuditActionsTests
{
    [Fact]
    public void DeclaredActions_AreWellFormedAndUnique()
    {
        // Arrange
        var actions = DeclaredActions();

        // Act
        var malformed = actions.Where(a => !ActionName().IsMatch(a.Value)).Select(a => $"{a.Name} = {a.Value}").ToList();
        var duplicates = actions.GroupBy(a => a.Value).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(a => a.Name))}").ToList();

        // Assert
        Assert.True(actions.Count > 40, $"Only {actions.Count} audit actions were found; are the *AuditActions classes still public static?");
        Assert.True(malformed.Count == 0, "Malformed action names:\n" + string.Join('\n', malformed));
        Assert.True(duplicates.Count == 0, "Two constants share a value:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void SourceFiles_NameAuditActionsOnlyThroughTheConstants()
    {
        // Arrange: a literal that starts like a declared action ("staff.", "session.", ...) is a new action nobody declared.
        var prefixes = DeclaredActions().Select(a => a.Value.Split('.')[0]).Distinct().ToList();
        // Action names go on in lower case after the dot; Razor code such as "connection.Id" does not.
        var literal = new Regex($"\\$?@?\"({string.Join('|', prefixes.Select(Regex.Escape))})\\.[a-z]");
        var root = RepositoryRoot();
        var files = new[] { "Portal.Core", "Portal" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*", SearchOption.AllDirectories))
            .Where(f => Path.GetExtension(f) is ".cs" or ".razor")
            .Where(f => !IsExempt(Path.GetRelativePath(root, f)));

        // Act
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => literal.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        // Assert
        Assert.True(offenders.Count == 0, "Audit action names written as literals (use the feature's *AuditActions constant):\n" + string.Join('\n', offenders));
    }

    internal static List<(string Name, string Value)> DeclaredActions() =>
        typeof(IAuditLog).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true, IsPublic: true } && t.Name.EndsWith("AuditActions", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => ($"{t.Name}.{f.Name}", (string)f.GetRawConstantValue()!)))
            .ToList();

    private static bool IsExempt(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "Migrations" or "wwwroot") || relative.EndsWith("AuditActions.cs", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Portal.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[a-z]+(\.[a-z][a-zA-Z-]*)+$")]
    private static partial Regex ActionName();
}
