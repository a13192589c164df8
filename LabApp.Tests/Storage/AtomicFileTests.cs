using LabApp.Core.Storage;

namespace LabApp.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = TestFolders.Create("atomic");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_write_that_fails_halfway_leaves_neither_the_file_nor_its_temporary()
    {
        var path = Path.Combine(_folder, "embeddings.npy");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, output =>
        {
            output.Write(new byte[1000]);
            throw new IOException("disk full");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_failed_rewrite_keeps_the_previous_complete_file()
    {
        var path = Path.Combine(_folder, "vocab.txt");
        AtomicFile.Write(path, output => output.Write("[PAD]\n[UNK]\n"u8));

        Assert.Throws<IOException>(() => AtomicFile.Write(path, output =>
        {
            output.Write("[PAD]"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("[PAD]\n[UNK]\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }
}
