using System.Text.RegularExpressions;
using Portal.Tests.Zoom.Contract;

namespace Portal.Tests.Repository;

/// <summary>A clone needs nothing beside it: no source file reads or cites documents outside the repository.</summary>
public sealed partial class RepositoryStandsAloneTests
{
    [Fact]
    public void SpecFolder_IsInsideTheTestOutput()
    {
        // Act
        var folder = ZoomOpenApiContract.FindSpecFolder();

        // Assert
        Assert.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), Path.GetFullPath(folder), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "Portal.Tests", "Zoom", "Contract", "Specs", "SOURCES.md")));
    }

    [Fact]
    public void SourceFiles_NeitherReadNorCiteDocumentsOutsideTheRepository()
    {
        // Arrange
        var root = RepositoryRoot();
        var extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".cs", ".razor", ".csproj", ".props", ".sh", ".js", ".md" };
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)) || Path.GetFileName(f) == "run")
            .Where(f => !IsGeneratedOrOutside(Path.GetRelativePath(root, f)));

        // Act
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => OutsideDocument().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        // Assert
        Assert.True(offenders.Count == 0, "Files that reach outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void SourceFiles_ReadTheTimeOnlyThroughTimeProvider()
    {
        // Arrange
        var root = RepositoryRoot();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".cs" or ".razor")
            .Where(f => !IsGeneratedOrOutside(Path.GetRelativePath(root, f)));

        // Act
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => MachineClock().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        // Assert: an injected TimeProvider lets tests (FakeTimeProvider) put the whole portal on any date.
        Assert.True(offenders.Count == 0, "Files that read the machine clock directly:\n" + string.Join('\n', offenders));
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex MachineClock();

    // The product owner's documents live beside the repository, not in it; a clone does not have them.
    [GeneratedRegex(@"shared/zoom-api|\.\./shared|ZOOM-API\.md|TOOLCHAIN(\.md| §)|DESIGN\.md|STYLE\.md")]
    private static partial Regex OutsideDocument();

    private static bool IsGeneratedOrOutside(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or ".git" or "node_modules") || relative.EndsWith("RepositoryStandsAloneTests.cs", StringComparison.Ordinal);
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
}
