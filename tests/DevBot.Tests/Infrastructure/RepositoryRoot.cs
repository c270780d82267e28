namespace DevBot.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The folder holding DevBot.slnx, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "DevBot.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("DevBot.slnx not found above " + AppContext.BaseDirectory);
    }
}
