using System.Security.Cryptography;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Extensions.Logging.Testing;

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

    [Theory]
    [InlineData("random")]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public void A_damaged_model_file_is_extracted_again_with_one_notice(string damage)
    {
        var (store, folder, logger) = CopyOfTheSharedModel();
        var model = Path.Combine(folder, "model.onnx");
        Damage(model, damage);

        Assert.Equal(folder, store.EnsureEmbeddedExtracted(ModelCatalog.MiniLm));

        Assert.Equal(Sha256(Path.Combine(SharedModel.Folder, "model.onnx")), Sha256(model));
        var notice = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal($"The lab's embedded {ModelCatalog.MiniLm.Id} is extracted again into {folder}: model.onnx did not match the package's bytes.", notice.Message);
    }

    [Fact]
    public async Task A_model_damaged_without_changing_its_size_embeds_as_before_once_extracted_again()
    {
        var (store, folder, _) = CopyOfTheSharedModel();
        Damage(Path.Combine(folder, "model.onnx"), "flipped");
        File.WriteAllText(Path.Combine(folder, "vocab.txt"), "");

        store.EnsureEmbeddedExtracted(ModelCatalog.MiniLm);

        var sentences = Fixtures.Load("minilm-embeddings.json").GetProperty("sentences").EnumerateArray().Select(e => e.GetString()!).ToArray();
        using var embedder = new SentenceEmbedder(Path.Combine(folder, "model.onnx"), SentenceTokenizer.Bert(Path.Combine(folder, "vocab.txt")), 256, InferenceDevice.Current, SharedModel.Scheduler);
        var again = await embedder.EmbedAsync(sentences);
        var before = await SharedModel.Embedder.EmbedAsync(sentences);
        for (var i = 0; i < sentences.Length; i++)
        {
            var difference = before.Row(i).ToArray().Select((v, d) => Math.Abs(v - again.Row(i)[d])).Max();
            Assert.True(difference <= 1e-6, $"sentence {i}: max |difference| {difference}");
        }
    }

    [Fact]
    public void Intact_files_are_left_as_they_are()
    {
        var (store, folder, logger) = CopyOfTheSharedModel();
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, "model.onnx"));

        store.EnsureEmbeddedExtracted(ModelCatalog.MiniLm);

        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "model.onnx")));
        Assert.Empty(logger.Collector.GetSnapshot());
    }

    [Fact]
    public void A_model_file_onnx_runtime_cannot_load_is_named_with_what_to_do()
    {
        var model = Path.Combine(TestFolders.Create("bad-onnx"), "model.onnx");
        File.WriteAllBytes(model, RandomBytes(4096));

        var e = Assert.Throws<InvalidDataException>(() => new SentenceEmbedder(model, SharedModel.Tokenizer, 256, InferenceDevice.Current, SharedModel.Scheduler));

        Assert.StartsWith($"{model} is not a model ONNX Runtime can load", e.Message);
        Assert.Contains("Download it again or place the model's file there again", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    // The shared cache is read, never damaged: each test damages its own copy.
    private static (ModelStore Store, string Folder, FakeLogger<ModelStore> Logger) CopyOfTheSharedModel()
    {
        var logger = new FakeLogger<ModelStore>();
        var store = new ModelStore(TestFolders.Create("models"), logger);
        var folder = Directory.CreateDirectory(store.FolderOf(ModelCatalog.MiniLm)).FullName;
        foreach (var name in new[] { "model.onnx", "vocab.txt" })
            File.Copy(Path.Combine(SharedModel.Folder, name), Path.Combine(folder, name));
        return (store, folder, logger);
    }

    private static void Damage(string path, string damage)
    {
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "random":
                File.WriteAllBytes(path, RandomBytes(bytes.Length));
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            default:
                // Bytes in the middle of the weights: the file still parses, and would embed other vectors.
                for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
                    bytes[i] ^= 0xFF;
                File.WriteAllBytes(path, bytes);
                break;
        }
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
