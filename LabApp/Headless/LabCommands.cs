using System.CommandLine;
using System.Text.Json;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Headless;

/// <summary>The headless commands and their options.</summary>
internal static class LabCommands
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Folder holding rotten_tomatoes/{train,validation,test}.parquet (else LAB_DATA_DIR, the Hugging Face cache, or a download).",
        Recursive = true,
    };

    public static readonly Option<string?> ModelsDir = new("--models-dir")
    {
        Description = "The model cache (else LAB_MODELS_DIR, or models/ of the checkout).",
        Recursive = true,
    };

    // Reviews are shown as written (apostrophes and quotes unescaped); the output is for people and numpy alike.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("LabApp: the text-classification lab. Without a command, the web app starts.")
        {
            DataDir,
            ModelsDir,
            Info(output),
            Sample(output),
            Embed(output, error),
            Run(output, error),
        };
        return root;
    }

    private static Command Info(TextWriter output)
    {
        var command = new Command("info", "Data location and split sizes, each model's status, the execution provider.");
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed);
            var report = await LabInfo.GatherAsync(services, ct);
            await output.WriteAsync(report.ToText());
            return 0;
        });
        return command;
    }

    private static Command Sample(TextWriter output)
    {
        var split = SplitOption();
        var seed = SeedOption();
        var take = new Option<int>("--take") { Description = "How many reviews: shuffle(seed).select(range(N)).", Required = true };
        take.Validators.Add(r => PositiveSize(r, "--take"));
        var json = JsonOption();
        var command = new Command("sample", "Reviews of a split in the seeded order of Hugging Face's shuffle(seed).") { split, seed, take, json };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed);
            var reviews = await services.GetRequiredService<RottenTomatoes>().LoadAsync(parsed.GetValue(split)!, cancellationToken: ct);
            var indices = reviews.SeededSubset(parsed.GetValue(take), parsed.GetValue(seed));
            var rows = indices.Select(i => new SampleRow(i, reviews.Labels[i], reviews.Texts[i])).ToArray();
            if (parsed.GetValue(json))
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
            else
                foreach (var row in rows)
                    await output.WriteLineAsync($"{row.Index,5}  {row.Label}  {row.Text}");
            return 0;
        });
        return command;
    }

    private static Command Embed(TextWriter output, TextWriter error)
    {
        var split = SplitOption();
        var model = ModelOption();
        var outFile = new Option<FileInfo>("--out") { Description = "The .npy file to write (float32, one row per review in split order).", Required = true };
        var command = new Command("embed", "Embeddings of a whole split as a NumPy .npy file.") { split, model, outFile };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed);
            var card = ModelCatalog.Find(parsed.GetValue(model)!);
            var matrix = await services.GetRequiredService<EmbeddingService>()
                .EmbedSplitAsync(card, parsed.GetValue(split)!, new ConsoleProgress(error, "embedding"), ct);
            NpyFile.Write(parsed.GetValue(outFile)!.FullName, matrix);
            await output.WriteLineAsync($"wrote {matrix.Count} x {matrix.Dimension} float32 to {parsed.GetValue(outFile)!.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Run(TextWriter output, TextWriter error)
    {
        var method = new Argument<string>("method") { Description = "supervised, centroid or zero-shot." };
        method.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value is not (SupervisedExperiment.Method or CentroidExperiment.Method or ZeroShotExperiment.Method))
                r.AddError($"Unknown method '{value}': use supervised, centroid or zero-shot.");
        });
        var model = ModelOption();
        var trainSize = new Option<int?>("--train-size") { Description = "Train on train.shuffle(seed).select(range(N)) (default: all 8530)." };
        trainSize.Validators.Add(r => PositiveSize(r, "--train-size"));
        var testSize = new Option<int?>("--test-size") { Description = "Test on test.shuffle(seed).select(range(N)) (default: all 1066)." };
        testSize.Validators.Add(r => PositiveSize(r, "--test-size"));
        var seed = SeedOption();
        var labels = new Option<string[]>("--labels")
        {
            Description = "Label descriptions for zero-shot, class 0 first.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ZeroShotExperiment.BookLabels.ToArray(),
        };
        var json = JsonOption();
        var command = new Command("run", "Run an experiment on the test split and print the classification report.")
        {
            method, model, trainSize, testSize, seed, labels, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed);
            var lab = services.GetRequiredService<ClassificationLab>();
            var settings = new ExperimentSettings(ModelCatalog.Find(parsed.GetValue(model)!).Id, parsed.GetValue(trainSize), parsed.GetValue(testSize), parsed.GetValue(seed));
            var progress = new ConsoleProgress(error, "embedding");
            var run = parsed.GetValue(method) switch
            {
                SupervisedExperiment.Method => await lab.RunSupervisedAsync(settings, progress, ct),
                CentroidExperiment.Method => await lab.RunCentroidAsync(settings, progress, ct),
                _ => await lab.RunZeroShotAsync(settings, parsed.GetValue(labels)!, progress, ct),
            };
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(RunJson.From(run), Json) + Environment.NewLine : run.Report.ToString());
            return 0;
        });
        return command;
    }

    private static Option<string> SplitOption()
    {
        var split = new Option<string>("--split") { Description = "train, validation or test.", Required = true };
        split.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!RottenTomatoes.SplitNames.Contains(value))
                r.AddError($"Unknown split '{value}': use train, validation or test.");
        });
        return split;
    }

    private static Option<string> ModelOption()
    {
        var model = new Option<string>("--model") { Description = "Embedding model id (default: the embedded all-MiniLM-L6-v2).", DefaultValueFactory = _ => ModelCatalog.MiniLmId };
        model.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            var card = ModelCatalog.All.FirstOrDefault(m => m.Id.Equals(value, StringComparison.OrdinalIgnoreCase) || ModelCatalog.ShortName(m).Equals(value, StringComparison.OrdinalIgnoreCase));
            if (card is null || card.Task != ModelTask.SentenceEmbedding)
                r.AddError($"Unknown embedding model '{value}': use one of {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        });
        return model;
    }

    private static Option<ulong> SeedOption() => new("--seed") { Description = "The shuffle seed (the book uses 42).", DefaultValueFactory = _ => 42UL };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

    private static void PositiveSize(System.CommandLine.Parsing.OptionResult result, string name)
    {
        var value = result.GetValueOrDefault<int?>();
        if (value is <= 0)
            result.AddError($"{name} must be at least 1, got {value}.");
    }

    private sealed record SampleRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("index")] int Index,
        [property: System.Text.Json.Serialization.JsonPropertyName("label")] int Label,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}
