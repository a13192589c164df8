using System.Security.Cryptography;
using LabApp.Core.Models;

namespace LabApp.Tests.Models;

public sealed class EmbeddedMiniLmTests
{
    [Fact]
    public async Task Extractions_into_the_same_folder_at_once_all_end_with_the_complete_files()
    {
        var folder = TestFolders.Create("minilm");
        try
        {
            // The web app, the headless runner and the tests meet like this on a fresh checkout.
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => EmbeddedMiniLm.ExtractTo(folder))));

            Assert.Equal(["model.onnx", "vocab.txt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            foreach (var name in new[] { "model.onnx", "vocab.txt" })
                Assert.Equal(Sha256(Path.Combine(SharedModel.Folder, name)), Sha256(Path.Combine(folder, name)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
