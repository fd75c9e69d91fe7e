namespace GitOpsAi.Core.Tests.Support;

/// <summary>
/// The shared test data beside the repository (<c>../shared/corpus</c>, <c>../shared/crds</c>). Tests that need it call
/// <see cref="RequireCorpus"/>/<see cref="RequireCrds"/>, which skip cleanly on machines without it.
/// </summary>
public static class SharedData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SharedRoot => Environment.GetEnvironmentVariable("GITOPSAI_SHARED") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string CorpusRoot => Path.Combine(SharedRoot, "corpus");

    public static string CrdsRoot => Path.Combine(SharedRoot, "crds");

    public static string RequireCorpus()
    {
        if (!Directory.Exists(CorpusRoot))
        {
            Assert.Ignore($"The shared corpus is not at {CorpusRoot}; skipping.");
        }

        return CorpusRoot;
    }

    public static string RequireCrds()
    {
        if (!Directory.Exists(CrdsRoot))
        {
            Assert.Ignore($"The upstream CRDs are not at {CrdsRoot}; skipping.");
        }

        return CrdsRoot;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GitOpsAi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (GitOpsAi.sln) above the test directory.");
    }
}
