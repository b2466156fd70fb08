namespace AirMonitor.Testing;

/// <summary>Finds files of the repository from a test run, wherever the test binaries are.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AirMonitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AirMonitor.sln not found above {AppContext.BaseDirectory}");
    }
}
