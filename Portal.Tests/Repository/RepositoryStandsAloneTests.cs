using System.Text.RegularExpressions;
using Portal.Tests.Zoom.Contract;

namespace Portal.Tests.Repository;

/// <summary>A clone needs nothing beside it: the specs are in the test output and every document cited is in the repository.</summary>
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
    public void SourceFiles_CiteOnlyDocumentsInTheRepository()
    {
        // Arrange: every document a source file names ("X.md", or "X §4") must be a file of this repository.
        var root = RepositoryRoot();
        var extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".cs", ".razor", ".csproj", ".props", ".sh", ".js", ".md" };
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)) || Path.GetFileName(f) == "run")
            .Where(f => !IsGeneratedOrOutside(Path.GetRelativePath(root, f)))
            .ToList();
        var documents = files.Where(f => Path.GetExtension(f) == ".md")
            .Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Act
        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .SelectMany(l => CitedDocument().Matches(l.Text).Select(m => (l.File, l.Line, Name: m.Groups["md"].Success ? m.Groups["md"].Value : m.Groups["section"].Value)))
            .Where(c => !documents.Contains(c.Name))
            .Select(c => $"{c.File}:{c.Line}: {c.Name}")
            .ToList();

        // Assert
        Assert.True(offenders.Count == 0, "Documents cited that a clone does not have:\n" + string.Join('\n', offenders));
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

    [GeneratedRegex(@"\b(?<md>[A-Za-z][\w-]*)\.md\b|\b(?<section>[A-Z][A-Z-]+)(\.md)? §")]
    private static partial Regex CitedDocument();

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
