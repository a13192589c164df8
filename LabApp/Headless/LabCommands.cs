using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabApp.Core;
using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Headless;

/// <summary>The headless commands and their options.</summary>
internal static class LabCommands
{
    public static readonly Option<string?> DataDir = Folder(new("--data-dir")
    {
        Description = "Folder holding rotten_tomatoes/{train,validation,test}.parquet (else LAB_DATA_DIR, the Hugging Face cache, or a download).",
        Recursive = true,
    });

    public static readonly Option<string?> ModelsDir = Folder(new("--models-dir")
    {
        Description = "The model cache (else LAB_MODELS_DIR, or models/ of the checkout).",
        Recursive = true,
    });

    public static readonly Option<string?> HubEndpoint = Endpoint(new("--hub-endpoint")
    {
        Description = "The Hugging Face hub or a mirror (else HF_ENDPOINT, else https://huggingface.co).",
        Recursive = true,
    });

    // Reviews are shown as written (apostrophes and quotes unescaped); the output is for people and numpy alike.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RootCommand Build(TextReader input, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("LabApp: the text-classification lab. Without a command, the web app starts.")
        {
            DataDir,
            ModelsDir,
            HubEndpoint,
            Info(output, error),
            Sample(output, error),
            Embed(output, error),
            Run(output, error),
            Tokenize(input, output, error),
            CompareCommand.Build(output, error, Json),
        };
        return root;
    }

    private static Command Info(TextWriter output, TextWriter error)
    {
        var command = new Command("info", "Data location and split sizes, each model's status, the execution provider.");
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var report = await LabInfo.GatherAsync(services, ct);
            await output.WriteAsync(report.ToText());
            return 0;
        });
        return command;
    }

    private static Command Sample(TextWriter output, TextWriter error)
    {
        var split = SplitOption();
        var seed = SeedOption();
        var take = new Option<int>("--take") { Description = "How many reviews: shuffle(seed).select(range(N)).", Required = true };
        take.Validators.Add(r => PositiveSize(r, "--take"));
        var json = JsonOption();
        var command = new Command("sample", "Reviews of a split in the seeded order of Hugging Face's shuffle(seed).") { split, seed, take, json };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
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
        outFile.Validators.Add(r =>
        {
            if (OutputFile.Problem(r.GetValueOrDefault<FileInfo>().ToString()) is { } problem)
                r.AddError($"--out {problem}");
        });
        var command = new Command("embed", "Embeddings of a whole split as a NumPy .npy file.") { split, model, outFile };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var card = ModelCatalog.Find(parsed.GetValue(model)!);
            var matrix = await services.GetRequiredService<EmbeddingService>()
                .EmbedSplitAsync(card, parsed.GetValue(split)!, new ConsoleProgress(error, "embedding"), ct);
            await NpyFile.WriteAsync(parsed.GetValue(outFile)!.ToString(), matrix, ct);
            // On stderr, so that --out /dev/stdout is the .npy file alone.
            await error.WriteLineAsync($"wrote {matrix.Count} x {matrix.Dimension} float32 to {parsed.GetValue(outFile)!.FullName}");
            return 0;
        });
        return command;
    }

    private static readonly string[] EmbeddingMethods = [SupervisedExperiment.Method, CentroidExperiment.Method, ZeroShotExperiment.Method];

    private static readonly string[] Methods = [.. EmbeddingMethods, TaskSpecificExperiment.Method, GenerativeExperiment.Method, LlmExperiment.Method];

    private static readonly string[] ModelMethods = [.. EmbeddingMethods, LlmExperiment.Method];

    private static readonly string[] TrainingMethods = [SupervisedExperiment.Method, CentroidExperiment.Method];

    /// <summary>
    /// The first option given that <paramref name="method"/> does not use, said with the methods that do: dropping it
    /// silently would run something other than what was asked.
    /// </summary>
    private static string? UnusedOption(System.CommandLine.Parsing.CommandResult result, string method, params (Option Option, string[] UsedBy)[] options) =>
        options.Where(o => result.GetResult(o.Option) is { Implicit: false } && !o.UsedBy.Contains(method))
            .Select(o => $"{o.Option.Name} is not used by {method}: it is for {Listed(o.UsedBy)}; remove it.")
            .FirstOrDefault();

    private static string Listed(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";

    /// <summary>Label descriptions for the test split, whose reviews are negative (0) or positive (1): exactly two, usable ones.</summary>
    internal static string? BinaryLabelsProblem(IReadOnlyList<string> labels) =>
        labels.Count != 2
            ? $"zero-shot on the test split takes exactly 2 label descriptions, negative first (there {(labels.Count == 1 ? "is one" : $"are {labels.Count}")}): its reviews are negative or positive."
            : ZeroShotClassifier.Validate(labels);

    private static Command Run(TextWriter output, TextWriter error)
    {
        var method = new Argument<string>("method") { Description = string.Join(", ", Methods) + "." };
        var model = new Option<string?>("--model") { Description = "The embedding model (default: the embedded all-MiniLM-L6-v2); for llm, the chat model (default gpt-3.5-turbo-0125, the book's)." };
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
        var prompt = new Option<string?>("--prompt") { Description = "The prompt for generative (prepended to each review) or llm (a template with [DOCUMENT])." };
        var baseUrl = new Option<string?>("--base-url") { Description = "llm: an OpenAI-compatible endpoint (else OPENAI_BASE_URL, else OpenAI)." };
        var apiKey = new Option<string?>("--api-key") { Description = "llm: the API key (else OPENAI_API_KEY, which is sent only to OPENAI_BASE_URL or OpenAI, never to another --base-url)." };
        apiKey.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } key && TypedText.IsBlank(key))
                r.AddError("--api-key is blank: give the key, or leave --api-key out for a server that needs none.");
        });
        var yes = new Option<bool>("--yes") { Description = "llm: confirm a run that sends requests (they may cost money)." };
        var json = JsonOption();
        var command = new Command("run", "Run an experiment on the test split and print the classification report.")
        {
            method, model, trainSize, testSize, seed, labels, prompt, baseUrl, apiKey, yes, json,
            CustomLabels(output, error),
            LimitedData(output, error),
            Confidence(output, error),
            FailureAnalysis(output, error),
            Checklist(output, error),
        };
        // One validator for both: an argument's own validator is skipped once a command validator has read its value.
        command.Validators.Add(r =>
        {
            var chosen = r.GetValue(method);
            var modelId = r.GetValue(model);
            var choices = Methods.Concat(r.Command.Subcommands.Select(c => c.Name)).ToArray();
            if (!Methods.Contains(chosen))
                r.AddError($"Unknown method '{chosen}'{OptionParsing.DidYouMean(chosen ?? "", choices)}: use {string.Join(", ", choices)}.");
            else if (UnusedOption(r, chosen!, (model, ModelMethods), (trainSize, TrainingMethods), (labels, [ZeroShotExperiment.Method]),
                         (prompt, [GenerativeExperiment.Method, LlmExperiment.Method]), (baseUrl, [LlmExperiment.Method]), (apiKey, [LlmExperiment.Method]), (yes, [LlmExperiment.Method])) is { } unused)
                r.AddError(unused);
            else if (EmbeddingMethods.Contains(chosen) && modelId is not null && !IsEmbeddingModel(modelId))
                r.AddError($"Unknown embedding model '{modelId}': use one of {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
            else if (chosen == ZeroShotExperiment.Method && r.GetResult(labels) is { Implicit: false } && BinaryLabelsProblem(r.GetValue(labels)!) is { } labelProblem)
                r.AddError($"--labels: {labelProblem}");
        });
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var lab = services.GetRequiredService<ClassificationLab>();
            var settings = new ExperimentSettings(
                EmbeddingMethods.Contains(parsed.GetValue(method)) ? ModelCatalog.Find(parsed.GetValue(model) ?? ModelCatalog.MiniLmId).Id : ModelCatalog.MiniLmId,
                parsed.GetValue(trainSize), parsed.GetValue(testSize), parsed.GetValue(seed));
            var progress = new ConsoleProgress(error, "classifying");
            IReadOnlyList<(int Index, string Text)> unparsed = [];
            ClassificationRun run;
            CalibratedRun? calibrated = null;
            switch (parsed.GetValue(method))
            {
                case SupervisedExperiment.Method:
                    calibrated = await lab.RunSupervisedCalibratedAsync(settings, progress, ct);
                    run = calibrated.Run;
                    break;
                case CentroidExperiment.Method:
                    run = await lab.RunCentroidAsync(settings, progress, ct);
                    break;
                case ZeroShotExperiment.Method:
                    run = await lab.RunZeroShotAsync(settings, parsed.GetValue(labels)!, progress, ct);
                    break;
                case TaskSpecificExperiment.Method:
                    run = await lab.RunTaskSpecificAsync(settings, progress, ct);
                    break;
                case GenerativeExperiment.Method:
                    var generative = await lab.RunGenerativeAsync(settings, parsed.GetValue(prompt) ?? Core.Inference.GenerativeClassifier.DefaultPrompt, progress, ct);
                    (run, unparsed) = (generative.Run, generative.Unparsed);
                    break;
                default:
                    var llm = await LlmCommand.RunAsync(services, settings, parsed.GetValue(model), parsed.GetValue(baseUrl), parsed.GetValue(apiKey), parsed.GetValue(prompt), parsed.GetValue(yes), error, ct);
                    if (llm is null)
                        return 1;
                    (run, unparsed) = llm.Value;
                    break;
            }

            foreach (var (index, text) in unparsed)
                await error.WriteLineAsync($"unparsed answer for test row {index}: \"{text}\"");
            var runJson = calibrated is not null ? RunJson.From(calibrated) : RunJson.From(run, unparsed);
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(runJson, Json) + Environment.NewLine : run.Report.ToString());
            return 0;
        });
        return command;
    }

    private static Command Tokenize(TextReader input, TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var pieces = new Option<bool>("--pieces") { Description = "Print the word pieces instead of their ids." };
        var command = new Command("tokenize", "Reads texts one per line from stdin and prints each one's token ids as a JSON array, as the model reads them (special tokens included, truncated).")
        {
            model, pieces,
        };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var card = ModelCatalog.Find(parsed.GetValue(model)!);
            var tokenizer = services.GetRequiredService<WordPieceReader>().TokenizerOf(card);
            await foreach (var text in InputFile.LinesAsync(input, "standard input", ct))
            {
                var line = parsed.GetValue(pieces)
                    ? JsonSerializer.Serialize(tokenizer.WordPieces(text, card.MaxSequenceLength), CompactJson)
                    : JsonSerializer.Serialize(tokenizer.Encode(text, card.MaxSequenceLength));
                await output.WriteAsync(line + "\n");
            }

            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Medium Task 2: the book's table, one training size after another, through the page's runner.
    private static Command LimitedData(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var trainSizes = new Option<int[]>("--train-size")
        {
            Description = "Training sizes, each train.shuffle(seed).select(range(N)) (default: the book's 100 500 1000 2000 5000).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => LimitedDataExperiment.BookSizes.ToArray(),
        };
        trainSizes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>().Where(n => n is < 1 or > LimitedDataExperiment.TrainSplitSize).Select(n => (int?)n).FirstOrDefault() is { } bad)
                r.AddError($"--train-size must be from 1 to {LimitedDataExperiment.TrainSplitSize} (the train split), got {bad}.");
        });
        var testSize = new Option<int>("--test-size") { Description = "Test on test.shuffle(seed).select(range(N)) (default: the book's 300).", DefaultValueFactory = _ => LimitedDataExperiment.DefaultTestSize };
        testSize.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 1 or > LimitedDataExperiment.TestSplitSize)
                r.AddError($"--test-size must be from 1 to {LimitedDataExperiment.TestSplitSize} (the test split), got {value}.");
        });
        var seed = SeedOption();
        var seeds = SeedBandPrintout.Option();
        var json = JsonOption();
        var command = new Command("limited-data", "Medium Task 2: the embedding classifier against the task-specific model per training size, as the book's table.")
        {
            model, trainSizes, testSize, seed, seeds, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var runner = new LimitedDataRunner(services.GetRequiredService<ClassificationLab>(), NoRunLog.Runs, TimeProvider.System);
            var settings = new LimitedDataSettings(0, parsed.GetValue(testSize), parsed.GetValue(seed), ModelCatalog.Find(parsed.GetValue(model)!).Id);
            if (parsed.GetValue(seeds) is { } seedList)
                return await RunSeedBandAsync(runner, settings, parsed.GetValue(trainSizes)!, seedList, parsed.GetValue(json), output, error, ct);
            var rows = new List<LimitedDataRow>();
            await foreach (var row in runner.RunSizesAsync(settings, parsed.GetValue(trainSizes)!, new ConsoleProgress(error, "embedding"), ct))
                rows.Add(row);
            await output.WriteAsync(parsed.GetValue(json)
                ? JsonSerializer.Serialize(LimitedDataPrintout.JsonOf(rows, settings), Json) + Environment.NewLine
                : LimitedDataPrintout.Text(rows, LimitedDataExperiment.TaskSpecificMissing(runner.TaskSpecificFolder)));
            return 0;
        });
        return command;
    }

    // The learning curve over several seeds: every size for every seed, then the band.
    private static async Task<int> RunSeedBandAsync(LimitedDataRunner runner, LimitedDataSettings settings, IReadOnlyList<int> sizes, string seedList, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var rows = new List<LimitedDataRow>();
        await foreach (var row in runner.RunSeedsAsync(settings, sizes, SeedBand.Parse(seedList).Seeds, new ConsoleProgress(error, "embedding"), ct))
            rows.Add(row);
        var band = SeedBand.Of(rows);
        await output.WriteAsync(json ? JsonSerializer.Serialize(SeedBandPrintout.JsonOf(band), Json) + Environment.NewLine : SeedBandPrintout.Text(band));
        return 0;
    }

    // Medium Task 4: the book's error analysis and edge cases, through the page's runner.
    private static Command FailureAnalysis(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var casesFile = new Option<FileInfo?>("--edge-cases-file") { Description = $"Edge cases instead of the book's six; {EdgeCasesFile.Format}, 0 = negative, 1 = positive." };
        casesFile.Validators.Add(r => PathProblem(r, "--edge-cases-file", $" ({EdgeCasesFile.Format})"));
        var seed = SeedOption();
        var json = JsonOption();
        var command = new Command("failure-analysis", "Medium Task 4: the errors of the classifier trained on 1000 reviews and tested on 200, and the edge cases.")
        {
            model, casesFile, seed, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var cases = FailureAnalysisExperiment.BookEdgeCases;
            if (parsed.GetValue(casesFile) is { } file)
            {
                // Named as typed: a file's name alone is "null" for /dev/null and "0" for /proc/self/fd/0.
                (cases, var problem) = EdgeCasesFile.Parse($"--edge-cases-file {file}", await ReadLinesAsync("--edge-cases-file", file, ct));
                if (problem is not null)
                {
                    await error.WriteLineAsync($"error: {problem}");
                    return 2;
                }
            }

            using var services = HeadlessRunner.CreateServices(parsed, error);
            var runner = new FailureAnalysisRunner(services.GetRequiredService<ClassificationLab>(), NoRunLog.Runs, TimeProvider.System);
            var analysis = await runner.AnalyseAsync(parsed.GetValue(model)!, parsed.GetValue(seed), new ConsoleProgress(error, "embedding"), ct);
            var edge = await runner.CheckEdgeCasesAsync(analysis, cases, ct);
            await output.WriteAsync(parsed.GetValue(json)
                ? JsonSerializer.Serialize(FailureAnalysisPrintout.JsonOf(analysis, edge), Json) + Environment.NewLine
                : FailureAnalysisPrintout.Text(analysis, edge));
            return 0;
        });
        return command;
    }

    // The behavioural test suite against every classifier present, through the page's runner.
    private static Command Checklist(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var suiteFile = new Option<FileInfo?>("--suite-file") { Description = "A suite as JSON ({\"lexicons\": [{\"name\", \"words\"}], \"tests\": [{\"capability\", \"type\", \"perturbation\", \"templates\"}], \"maxCases\", \"seed\"}) instead of the lab's." };
        suiteFile.Validators.Add(r => PathProblem(r, "--suite-file", ""));
        var maxCases = new Option<int?>("--max-cases") { Description = $"At most this many cases per test (default {ChecklistSuite.DefaultMaxCases})." };
        var seed = new Option<ulong?>("--seed") { Description = "The seed of the typos (default 42)." };
        var json = JsonOption();
        var command = new Command("checklist", "The behavioural test suite (MFT, INV, DIR) against every classifier present: the failure rate per capability and classifier.")
        {
            model, suiteFile, maxCases, seed, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var suite = ChecklistSuite.Default;
            if (parsed.GetValue(suiteFile) is { } file)
            {
                var (read, shapeProblem) = ChecklistSuiteJson.Read(await ReadTextAsync("--suite-file", file, ct));
                if (shapeProblem is not null)
                    throw new UsageException($"--suite-file {file}: {shapeProblem}; write it as `run checklist --json` documents.");
                suite = read!;
            }

            suite = suite with { MaxCases = parsed.GetValue(maxCases) ?? suite.MaxCases, Seed = parsed.GetValue(seed) ?? suite.Seed };
            if (ChecklistExpansion.Check(suite) is { } problem)
            {
                await error.WriteLineAsync($"error: {problem}");
                return 2;
            }

            using var services = HeadlessRunner.CreateServices(parsed, error);
            var runner = new ChecklistRunner(new ChecklistEvaluator(services.GetRequiredService<ClassificationLab>()), NoRunLog.Runs, TimeProvider.System);
            var report = await runner.RunAsync(new ChecklistInputs(ModelCatalog.Find(parsed.GetValue(model)!).Id, suite), cancellationToken: ct);
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(ChecklistPrintout.JsonOf(report), Json) + Environment.NewLine : ChecklistPrintout.Text(report));
            return 0;
        });
        return command;
    }

    private static Command CustomLabels(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var reviews = new Option<FileInfo?>("--reviews-file") { Description = "The reviews, one per line (default: the book's eight)." };
        reviews.Validators.Add(ReviewsFile.CheckPath);
        var labels = BookLabelsOption("The label descriptions (the book's five sentiment levels unless given).", BookInputs.FiveLevels, ZeroShotClassifier.Validate);
        var json = JsonOption();
        var command = new Command("custom-labels", "Medium Task 1: each review's best and second-best label, the margin and its flag, the most similar label pairs.")
        {
            model, reviews, labels, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var texts = parsed.GetValue(reviews) is { } file ? await ReviewsFile.TextsAsync(file, error, ct) : BookInputs.CustomLabelsReviews;
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var runner = new CustomLabelsRunner(services.GetRequiredService<EmbeddingService>(), NoRunLog.Runs, TimeProvider.System);
            var inputs = new CustomLabelsInputs(parsed.GetValue(model)!, texts, parsed.GetValue(labels)!);
            var result = await runner.RunAsync(inputs, ct);
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(CustomLabelsJson.From(result), Json) + Environment.NewLine : CustomLabelsPrintout.Of(result));
            return 0;
        });
        return command;
    }

    private static Command Confidence(TextWriter output, TextWriter error)
    {
        var model = ModelOption();
        var reviews = new Option<FileInfo?>("--reviews-file") { Description = "The reviews, one per line as the true label (0 or 1), a tab, the review (default: the book's eight)." };
        reviews.Validators.Add(ReviewsFile.CheckPath);
        var labels = BookLabelsOption("The two label descriptions, negative first (the book's unless given).", BookInputs.ConfidenceLabels, ConfidenceExperiment.CheckLabels);
        var threshold = new Option<double>("--threshold")
        {
            Description = "Predict a review when its confidence reaches this (the book's 0.15 unless given).",
            DefaultValueFactory = _ => ConfidenceExperiment.BookThreshold,
        };
        var measure = new Option<string>("--measure")
        {
            Description = "margin (the top two similarities' difference) or max (the top similarity minus 0.5), the book's two measures.",
            DefaultValueFactory = _ => ConfidenceExperiment.NameOf(ConfidenceMeasure.Margin),
        };
        measure.Validators.Add(r =>
        {
            var name = r.GetValueOrDefault<string>();
            if (ConfidenceExperiment.MeasureNamed(name) is null)
                r.AddError($"Unknown measure '{name}': use margin or max.");
        });
        var json = JsonOption();
        var command = new Command("confidence", "Medium Task 3: predict only when confident enough; coverage, accuracy on the predictions made and the experiment log.")
        {
            model, reviews, labels, threshold, measure, json,
        };
        // The page's slider runs over the measure's range: a threshold outside it predicts everything or nothing.
        command.Validators.Add(r =>
        {
            // A command's validator may run before an option's default is made: no measure given is the book's margin.
            var measureName = r.GetResult(measure) is { Implicit: false } ? r.GetValue(measure) : ConfidenceExperiment.NameOf(ConfidenceMeasure.Margin);
            if (ConfidenceExperiment.MeasureNamed(measureName) is not { } chosenMeasure || r.GetResult(threshold) is not { Implicit: false })
                return;
            var range = ConfidenceExperiment.RangeOf(chosenMeasure);
            var value = r.GetValue(threshold);
            if (!range.Contains(value))
                r.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"--threshold must be from {range.Min} to {range.Max} for the {ConfidenceExperiment.NameOf(chosenMeasure)} measure, got {value}."));
        });
        command.SetAction(async (parsed, ct) =>
        {
            var labelled = parsed.GetValue(reviews) is { } file ? await ReviewsFile.LabelledAsync(file, error, ct) : ConfidenceExperiment.BookReviews;
            using var services = HeadlessRunner.CreateServices(parsed, error);
            var runner = new ConfidenceRunner(services.GetRequiredService<ClassificationLab>(), NoRunLog.Runs);
            var chosen = parsed.GetValue(labels)!;
            var scored = await runner.ScoreAsync(parsed.GetValue(model)!, labelled, chosen, ct);
            var result = ConfidenceExperiment.Analyse(scored, chosen, ConfidenceExperiment.MeasureNamed(parsed.GetValue(measure))!.Value, parsed.GetValue(threshold));
            await output.WriteAsync(parsed.GetValue(json) ? JsonSerializer.Serialize(ConfidenceJson.From(result), Json) + Environment.NewLine : ConfidencePrintout.Of(result));
            return 0;
        });
        return command;
    }

    /// <summary><c>--labels L ...</c>: the book's labels unless given, checked as the page checks them.</summary>
    private static Option<string[]> BookLabelsOption(string description, IReadOnlyList<string> book, Func<IReadOnlyList<string>, string?> check)
    {
        var labels = new Option<string[]>("--labels")
        {
            Description = description,
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => book.ToArray(),
        };
        labels.Validators.Add(r =>
        {
            if (check(r.GetValueOrDefault<string[]>()) is { } problem)
                r.AddError($"--labels: {problem}");
        });
        return labels;
    }

    internal static bool IsEmbeddingModel(string id) => ModelCatalog.Embedders.Any(m =>
        m.Id.Equals(id, StringComparison.OrdinalIgnoreCase) || ModelCatalog.ShortName(m).Equals(id, StringComparison.OrdinalIgnoreCase));

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
            if (!IsEmbeddingModel(value))
                r.AddError($"Unknown embedding model '{value}': use one of {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        });
        return model;
    }

    private static Option<ulong> SeedOption() => new("--seed") { Description = "The shuffle seed (the book uses 42).", DefaultValueFactory = _ => 42UL };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

    /// <summary>A folder option: a blank path, or a file where the folder should be, is refused as the command line is parsed.</summary>
    private static Option<string?> Folder(Option<string?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } value)
                return;
            if (string.IsNullOrWhiteSpace(value) || value.Contains('\0'))
                r.AddError($"{option.Name} takes a folder's path, got '{value}'.");
            else if (File.Exists(Path.GetFullPath(value)))
                r.AddError($"{option.Name} {value} is a file, not a folder: name the folder that holds it.");
        });
        return option;
    }

    /// <summary>--hub-endpoint: an absolute http(s) URL on one line, refused as the command line is parsed.</summary>
    private static Option<string?> Endpoint(Option<string?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } value && TypedText.IsBlank(value))
            {
                r.AddError($"{option.Name} is blank: give the hub's or a mirror's http(s) address, or leave the option out for https://huggingface.co.");
                return;
            }

            try
            {
                HubOptions.FromEnvironment(_ => null, r.GetValueOrDefault<string?>());
            }
            catch (HubException e)
            {
                r.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>A file option's path problem (a folder, no such file, unreadable) as the command line is parsed, before anything is read.</summary>
    private static void PathProblem(System.CommandLine.Parsing.OptionResult result, string name, string format)
    {
        if (result.GetValueOrDefault<FileInfo?>() is { } file && InputFile.Problem(file.ToString()) is { } problem)
            result.AddError($"{name} {problem}{format}.");
    }

    private static async Task<string> ReadTextAsync(string name, FileInfo file, CancellationToken ct)
    {
        try
        {
            return await InputFile.ReadTextAsync(file.ToString(), ct);
        }
        catch (InputFileException e)
        {
            throw new UsageException($"{name} {e.Message}");
        }
    }

    private static async Task<IReadOnlyList<string>> ReadLinesAsync(string name, FileInfo file, CancellationToken ct)
    {
        try
        {
            return await InputFile.ReadLinesAsync(file.ToString(), ct);
        }
        catch (InputFileException e)
        {
            throw new UsageException($"{name} {e.Message}");
        }
    }

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
