using System.Text;
using DevBot.Data;
using DevBot.Storage.Local;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Storage.Local;

public sealed class LocalObjectStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests()
    {
        _store = new LocalObjectStore(Options.Create(new DatabaseOptions { DataDirectory = _directory.Path }));
    }

    private string ArchivesFolder => Path.Combine(_directory.Path, "archives");

    private static MemoryStream Content(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string?> ReadAsync(string key)
    {
        await using var stream = await _store.OpenReadAsync(key, TestContext.Current.CancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_saved_archive_reads_back_byte_for_byte_under_the_data_directory()
    {
        await _store.SaveAsync("p1.zip", Content("first"), TestContext.Current.CancellationToken);

        (await ReadAsync("p1.zip")).ShouldBe("first");
        File.Exists(Path.Combine(ArchivesFolder, "p1.zip")).ShouldBeTrue();
    }

    [Fact]
    public async Task Saving_again_replaces_the_archive_and_leaves_no_temporary_files()
    {
        await _store.SaveAsync("p1.zip", Content("first version"), TestContext.Current.CancellationToken);
        await _store.SaveAsync("p1.zip", Content("second"), TestContext.Current.CancellationToken);

        (await ReadAsync("p1.zip")).ShouldBe("second");
        Directory.GetFiles(ArchivesFolder).Select(Path.GetFileName).ShouldBe(["p1.zip"]);
    }

    [Fact]
    public async Task A_reader_of_the_old_archive_keeps_reading_it_whole_while_a_new_one_replaces_it()
    {
        await _store.SaveAsync("p1.zip", Content(new string('a', 100_000)), TestContext.Current.CancellationToken);
        await using var reader = (await _store.OpenReadAsync("p1.zip", TestContext.Current.CancellationToken)).ShouldNotBeNull();
        var head = new byte[10];
        await reader.ReadExactlyAsync(head, TestContext.Current.CancellationToken);

        await _store.SaveAsync("p1.zip", Content("new"), TestContext.Current.CancellationToken);

        using var rest = new MemoryStream();
        await reader.CopyToAsync(rest, TestContext.Current.CancellationToken);
        (head.Length + rest.Length).ShouldBe(100_000);
        (await ReadAsync("p1.zip")).ShouldBe("new");
    }

    [Fact]
    public async Task A_save_that_fails_midway_keeps_the_previous_archive_and_leaves_no_temporary_file()
    {
        await _store.SaveAsync("p1.zip", Content("good"), TestContext.Current.CancellationToken);

        await Should.ThrowAsync<IOException>(() => _store.SaveAsync("p1.zip", new FailingStream(), TestContext.Current.CancellationToken));

        (await ReadAsync("p1.zip")).ShouldBe("good");
        Directory.GetFiles(ArchivesFolder).Select(Path.GetFileName).ShouldBe(["p1.zip"]);
    }

    [Fact]
    public async Task A_missing_archive_opens_as_null()
    {
        (await _store.OpenReadAsync("never-saved.zip", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task Keys_with_slashes_are_kept_in_sub_folders()
    {
        await _store.SaveAsync("user/p1.zip", Content("nested"), TestContext.Current.CancellationToken);

        (await ReadAsync("user/p1.zip")).ShouldBe("nested");
        File.Exists(Path.Combine(ArchivesFolder, "user", "p1.zip")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape.zip")]
    [InlineData("a/../../escape.zip")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("a//b.zip")]
    [InlineData("a\\b.zip")]
    public async Task Keys_that_could_leave_the_archive_folder_are_rejected_for_reads_and_writes(string key)
    {
        await Should.ThrowAsync<ArgumentException>(() => _store.SaveAsync(key, Content("x"), TestContext.Current.CancellationToken));
        await Should.ThrowAsync<ArgumentException>(() => _store.OpenReadAsync(key, TestContext.Current.CancellationToken));

        Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_local_disk_hands_out_no_download_urls_and_reports_its_folder_as_available()
    {
        _store.TryGetDownloadUrl("p1.zip", "p1.zip", TimeSpan.FromMinutes(5)).ShouldBeNull();

        var probe = await _store.ProbeAsync(TestContext.Current.CancellationToken);

        probe.Available.ShouldBeTrue();
        probe.Description.ShouldContain(ArchivesFolder);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Yields some bytes, then fails like a broken upload or a full disk.</summary>
    private sealed class FailingStream : Stream
    {
        private bool _sentSome;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sentSome)
            {
                throw new IOException("The connection was reset.");
            }

            _sentSome = true;
            buffer[offset] = (byte)'x';
            return 1;
        }

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
