using System.IO.Compression;
using System.Text;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Projects;

public sealed class ProjectArchiveTests
{
    private static readonly DateTimeOffset Timestamp = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["src/app.py"] = "print('hi')\n",
        ["README.md"] = "# App\n",
        ["tests/test_app.py"] = "import app\n",
        ["docs/ünïcödé.md"] = "naïve café ✓\n",
        [".gitignore"] = "__pycache__/\n",
    };

    [Fact]
    public void The_archive_holds_exactly_the_files_with_their_content_in_ordinal_order_without_directory_entries()
    {
        using var buffer = ProjectArchive.Create(Files, Timestamp);
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);

        zip.Entries.Select(e => e.FullName).ShouldBe(Files.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            reader.ReadToEnd().ShouldBe(Files[entry.FullName]);
        }
    }

    [Fact]
    public void File_content_is_utf8_without_a_byte_order_mark()
    {
        using var buffer = ProjectArchive.Create(Files, Timestamp);
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var bytes = new MemoryStream();

        zip.GetEntry("docs/ünïcödé.md")!.Open().CopyTo(bytes);

        bytes.ToArray().ShouldBe(Encoding.UTF8.GetBytes(Files["docs/ünïcödé.md"]));
    }

    [Fact]
    public void Every_entry_carries_the_given_timestamp_so_the_same_files_give_the_same_archive()
    {
        using var first = ProjectArchive.Create(Files, Timestamp);
        using var second = ProjectArchive.Create(Files.Reverse(), Timestamp);
        using var zip = new ZipArchive(first, ZipArchiveMode.Read, leaveOpen: true);

        zip.Entries.ShouldAllBe(e => e.LastWriteTime == Timestamp);
        first.ToArray().ShouldBe(second.ToArray());
    }

    [Fact]
    public void Extracting_the_archive_writes_every_file_inside_the_target_folder_and_nothing_else()
    {
        using var directory = new TempDirectory();
        using var buffer = ProjectArchive.Create(Files, Timestamp);

        ZipFile.ExtractToDirectory(buffer, directory.Path);

        var written = Directory.EnumerateFiles(directory.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory.Path, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        written.ShouldBe(Files.Keys.Order(StringComparer.Ordinal));
        File.ReadAllText(Path.Combine(directory.Path, "src", "app.py")).ShouldBe(Files["src/app.py"]);
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("src\\app.py")]
    [InlineData("./src/app.py")]
    [InlineData(".git/config")]
    [InlineData("C:/evil.bat")]
    public void A_file_whose_path_is_not_a_safe_normalised_project_path_is_never_archived(string path)
    {
        var files = new Dictionary<string, string>(Files) { [path] = "evil\n" };

        Should.Throw<ArgumentException>(() => ProjectArchive.Create(files, Timestamp)).Message.ShouldContain(path);
    }

    [Fact]
    public void An_empty_project_gives_an_empty_archive()
    {
        using var buffer = ProjectArchive.Create([], Timestamp);
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);

        zip.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void The_storage_key_is_the_project_id_without_dashes()
    {
        var id = Guid.Parse("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        ProjectArchive.KeyFor(id).ShouldBe("0196a1b2c3d47e5f8a9b0c1d2e3f4a5b.zip");
    }

    [Theory]
    [InlineData("Temperature converter", "temperature-converter.zip")]
    [InlineData("  Hello,   World!!  ", "hello-world.zip")]
    [InlineData("Todo API v2.1 (FastAPI)", "todo-api-v2-1-fastapi.zip")]
    [InlineData("../../etc/passwd", "etc-passwd.zip")]
    [InlineData("Café ünïcode", "caf-n-code.zip")]
    [InlineData("日本語のプロジェクト", "project.zip")]
    [InlineData("", "project.zip")]
    [InlineData("---", "project.zip")]
    public void The_download_name_is_a_lower_case_ascii_slug_of_the_title(string title, string expected)
    {
        ProjectArchive.FileName(title).ShouldBe(expected);
    }

    [Fact]
    public void A_long_title_gives_a_download_name_of_at_most_sixty_characters_before_the_extension_without_a_trailing_dash()
    {
        var title = new string('a', 59) + " b" + new string('c', 100);

        var name = ProjectArchive.FileName(title);

        name.ShouldBe(new string('a', 59) + ".zip");
    }
}
