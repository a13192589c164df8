namespace LabApp.Tests.Inference;

/// <summary>
/// A model folder laid out as the lab's model cache holds a downloaded model, filled with the tiny fixtures under the
/// real file names, so the production loading code runs unchanged. Deleted on dispose.
/// </summary>
internal sealed class TinyModelFolder : IDisposable
{
    private TinyModelFolder(string path) => Path = path;

    public string Path { get; }

    public static TinyModelFolder Sentiment(bool withConfig = true)
    {
        var folder = Empty();
        folder.Copy("tiny-roberta-sentiment.onnx", "model.onnx");
        folder.Copy("tiny-roberta-vocab.json", "vocab.json");
        folder.Copy("tiny-roberta-merges.txt", "merges.txt");
        if (withConfig)
            folder.Write("config.json", """{"model_type": "roberta", "id2label": {"0": "negative", "1": "neutral", "2": "positive"}}""");
        return folder;
    }

    public static TinyModelFolder FlanT5()
    {
        var folder = Empty();
        folder.Copy("tiny-t5-encoder.onnx", "encoder_model.onnx");
        folder.Copy("tiny-t5-decoder.onnx", "decoder_model.onnx");
        folder.Copy("tiny-t5-spiece.model", "spiece.model");
        return folder;
    }

    public static TinyModelFolder Empty()
    {
        return new TinyModelFolder(TestFolders.Create("tiny-model"));
    }

    public void Copy(string fixture, string localName) => System.IO.File.Copy(RepositoryPaths.Fixture(fixture), PathOf(localName), overwrite: true);

    public void Write(string localName, string text) => System.IO.File.WriteAllText(PathOf(localName), text);

    public void Delete(string localName) => System.IO.File.Delete(PathOf(localName));

    public string PathOf(string localName) => System.IO.Path.Combine(Path, localName);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
