using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Projects.Imports;

/// <summary>The user's own code in over HTTP, then changed like any delivered project; refusals store nothing. Per database.</summary>
public abstract class ImportEndToEndTests
{
    /// <summary>A Windows-edited file: CRLF line endings, which a change must keep.</summary>
    private const string App = "import sys\r\n\r\n\r\ndef greet():\r\n    \"\"\"Say hello.\"\"\"\r\n    message = \"Hello\"\r\n    print(message)\r\n    return message\r\n\r\n\r\nif __name__ == \"__main__\":\r\n    greet()\r\n";

    private static readonly byte[] Logo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0xFF, 0xFE];

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task An_imported_zip_is_version_1_and_a_change_with_an_elided_edit_keeps_its_crlf_lines()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = GreetByName });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var upload = await ImportAsync(alice.Http, Zip(
            ("notes/app.py", Encoding.UTF8.GetBytes(App)),
            ("notes/static/logo.png", Logo),
            ("notes/.git/config", "[uploaded]\n\tmarker = yes\n"u8.ToArray())));
        upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var imported = await upload.Content.ReadFromJsonAsync<JsonElement>();
        imported.GetProperty("status").GetString().ShouldBe("completed");
        imported.GetProperty("version").GetInt32().ShouldBe(1);
        imported.GetProperty("kind").GetString().ShouldBe("import");
        imported.GetProperty("title").GetString().ShouldBe("notes", "the one top-level folder is unwrapped and names the project");
        imported.GetProperty("binaryFiles").GetInt32().ShouldBe(1);
        var id = imported.GetProperty("id").GetGuid();
        (await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/app.py")).ShouldBe(App);

        var change = await alice.Http.PostAsJsonAsync($"/api/v1/projects/{id}/changes", new { instruction = "Greet by name.", paths = new[] { "app.py" } });
        change.StatusCode.ShouldBe(HttpStatusCode.Accepted, await change.Content.ReadAsStringAsync());
        (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(2);
        var changed = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        changed.GetProperty("status").GetString().ShouldBe("completed", changed.ToString());
        changed.GetProperty("version").GetInt32().ShouldBe(2);
        llm.Requests.First(r => r.Kind == ChatKind.Plan).LastUser.ShouldContain(App.ReplaceLineEndings("\n").Split('\n')[3], Case.Sensitive,
            "the file the user pointed at is in the change plan's prompt");

        var app = await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/app.py");
        app.ShouldBe(App.Replace("def greet():", "def greet(name=\"world\"):").Replace("print(message)", "print(message, name)"),
            "both elided pieces replaced, the lines between kept, CRLF kept");

        var bytes = await alice.Http.GetByteArrayAsync($"/api/v1/projects/{id}/archive");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith(".git/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .ShouldBe(["PLAN.md", "README.md", "app.py", "static/logo.png"]);
        await using var logo = zip.GetEntry("static/logo.png")!.Open();
        using var copy = new MemoryStream();
        await logo.CopyToAsync(copy);
        copy.ToArray().ShouldBe(Logo, "binary files are kept byte for byte");
        ReadAll(zip.GetEntry(".git/config")!).ShouldNotContain("marker = yes", Case.Sensitive, "an uploaded .git is ignored");
    }

    [Theory]
    [InlineData("../evil.py", "leaves the project")]
    [InlineData("/etc/evil.py", "evil.py")]
    [InlineData("src/CON.py", "CON.py")]
    [InlineData("symlink", "symbolic link")]
    [InlineData("case", "README.md")]
    public async Task A_hostile_zip_is_refused_naming_the_entry_and_nothing_is_stored(string entry, string named)
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();
        var zip = entry switch
        {
            "symlink" => Zip(("app.py", "print(1)\n"u8.ToArray(), 0), ("link.py", "/etc/passwd"u8.ToArray(), 0xA1FF)),
            "case" => Zip(("readme.md", "a\n"u8.ToArray()), ("README.md", "b\n"u8.ToArray())),
            _ => Zip(("app.py", "print(1)\n"u8.ToArray()), (entry, "print(2)\n"u8.ToArray())),
        };

        var response = await ImportAsync(alice.Http, zip);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(named);
        (await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/projects")).GetProperty("items").GetArrayLength().ShouldBe(0, "nothing was stored");
    }

    internal static string GreetByName(RecordedChatRequest request) => request.Kind switch
    {
        ChatKind.Plan => """{"title": "notes", "summary": "greet takes a name.", "tasks": [{"title": "Greet by name", "details": "Give greet in app.py a name parameter."}], "testCommand": null}""",
        ChatKind.Implement => "app.py\n```python\n<<<<<<< SEARCH\ndef greet():\n    ...\n    print(message)\n=======\ndef greet(name=\"world\"):\n    ...\n    print(message, name)\n>>>>>>> REPLACE\n```\n",
        ChatKind.Review => """{"verdict": "APPROVED", "feedback": "Fine."}""",
        ChatKind.Readme => "# notes\n\nGreets by name.\n",
        _ => "Nothing to fix.",
    };

    private static Task<HttpResponseMessage> ImportAsync(HttpClient http, byte[] zip)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "upload.zip" } };
        return http.PostAsync("/api/v1/projects/import", form);
    }

    private static byte[] Zip(params (string Path, byte[] Content, int UnixMode)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, mode) in entries)
            {
                var entry = zip.CreateEntry(path);
                if (mode != 0)
                {
                    entry.ExternalAttributes = mode << 16;
                }

                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Path, byte[] Content)[] entries) => Zip(entries.Select(e => (e.Path, e.Content, 0)).ToArray());

    private static string ReadAll(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}

public sealed class SqliteImportEndToEndTests : ImportEndToEndTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresImportEndToEndTests(PostgresServer postgres) : ImportEndToEndTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
