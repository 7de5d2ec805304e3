using System.Text.RegularExpressions;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>The checkout the tests run from.</summary>
public static partial class Repository
{
    /// <summary>The folder of <c>AccessTokens.sln</c>, above the test binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary>The fenced code blocks of <paramref name="language"/> in the Markdown file at <paramref name="path"/> (from the root).</summary>
    public static IEnumerable<string> CodeBlocks(string path, string language) =>
        CodeBlock().Matches(File.ReadAllText(Path.Combine(Root, path)))
            .Where(match => match.Groups["language"].Value == language)
            .Select(match => match.Groups["code"].Value);

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "AccessTokens.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("AccessTokens.sln not found above the test binaries.");
        }

        return folder.FullName;
    }

    [GeneratedRegex(@"```(?<language>[a-z]+)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
