using LabApp.Tests.Inference;

namespace LabApp.Tests.Browser;

/// <summary>
/// A second lab whose task-specific and Flan-T5 models are in its cache: the tiny stand-in models, laid out in a models
/// folder of its own exactly as a download leaves them, over the real data. The shared lab has neither model.
/// </summary>
public sealed class ReadyModelsLab : IAsyncLifetime
{
    private readonly string _models = TestFolders.Create("browser-models");

    public LabServer Server { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Place("cardiffnlp/twitter-roberta-base-sentiment-latest", TinyModelFolder.Sentiment());
        Place("google/flan-t5-small", TinyModelFolder.FlanT5());
        // Its own model cache (and the hub out of reach, so nothing is fetched): the checkout's stays as it is.
        Server = await LabServer.StartAsync(new Dictionary<string, string>
        {
            ["LAB_MODELS_DIR"] = _models,
            ["HF_ENDPOINT"] = "http://127.0.0.1:9",
        });
    }

    private void Place(string modelId, TinyModelFolder model)
    {
        var target = Path.Combine(_models, modelId.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(model.Path, target);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
