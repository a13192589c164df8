using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LabApp.Core.Models;

namespace LabApp.Tests.Headless;

/// <summary><c>tokenize</c> against the ids Hugging Face tokenizers gave the hard strings (hf-wordpiece-hard-strings.json).</summary>
public sealed class TokenizeCommandTests
{
    private static readonly JsonElement[] Cases = Fixtures.Load("hf-wordpiece-hard-strings.json").GetProperty("cases").EnumerateArray().ToArray();

    // A text with a line break in it would be two texts on stdin.
    private static readonly JsonElement[] OneLineCases = Cases.Where(c => !c.GetProperty("text").GetString()!.AsSpan().ContainsAny('\n', '\r')).ToArray();

    private static string ModelsDir => SharedData.Settings.ModelsDir;

    [Fact]
    public async Task Each_line_of_stdin_prints_Hugging_Face_s_ids_as_a_JSON_array()
    {
        var (code, output, error) = await HeadlessRunnerTests.RunWithInput(Stdin(OneLineCases), "tokenize", "--models-dir", ModelsDir);

        Assert.True(code == 0, error);
        Assert.Equal(Expected(OneLineCases, "minilm"), OutputLines(output));
    }

    [Fact]
    public async Task Pieces_prints_Hugging_Face_s_word_pieces()
    {
        var (code, output, error) = await HeadlessRunnerTests.RunWithInput(Stdin(OneLineCases), "tokenize", "--pieces", "--models-dir", ModelsDir);

        Assert.True(code == 0, error);
        Assert.Equal(Expected(OneLineCases, "pieces"), OutputLines(output));
    }

    [Fact]
    public async Task MPNet_reads_its_vocabulary_from_the_model_cache_and_wraps_the_pieces_in_its_own_special_tokens()
    {
        var models = TestFolders.Create("tokenize-mpnet");
        var folder = Directory.CreateDirectory(Path.Combine(models, ModelCatalog.Mpnet.LocalFolder)).FullName;
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["<s>", "<pad>", "</s>", "<unk>", .. File.ReadAllLines(Path.Combine(SharedModel.Folder, "vocab.txt")), "<mask>"]);

        var (code, output, error) = await HeadlessRunnerTests.RunWithInput(Stdin(OneLineCases), "tokenize", "--model", "mpnet", "--models-dir", models);

        Assert.True(code == 0, error);
        Assert.Equal(Expected(OneLineCases, "mpnet"), OutputLines(output));
    }

    [Fact]
    public async Task A_last_line_without_newline_counts_an_empty_line_is_an_empty_text_and_CRLF_ends_a_line()
    {
        var (first, last) = (Cases[0], Cases[1]);
        var input = $"{first.GetProperty("text").GetString()}\r\n\n{last.GetProperty("text").GetString()}";

        var (code, output, _) = await HeadlessRunnerTests.RunWithInput(input, "tokenize", "--models-dir", ModelsDir);

        Assert.Equal(0, code);
        var empty = Cases.Single(c => c.GetProperty("text").GetString() == "");
        Assert.Equal(Expected([first, empty, last], "minilm"), OutputLines(output));
    }

    [Fact]
    public async Task Empty_stdin_prints_nothing()
    {
        var (code, output, _) = await HeadlessRunnerTests.RunWithInput("", "tokenize", "--models-dir", ModelsDir);

        Assert.Equal(0, code);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("bert-large")]
    [InlineData("google/flan-t5-small")]
    public async Task A_model_that_is_not_an_embedding_model_exits_2_naming_the_known_ones(string model)
    {
        var (code, output, error) = await HeadlessRunnerTests.RunWithInput("a film\n", "tokenize", "--model", model, "--models-dir", ModelsDir);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Unknown embedding model '{model}'", line);
        Assert.All(ModelCatalog.Embedders, m => Assert.Contains(m.Id, line));
    }

    [Fact]
    public async Task A_model_whose_vocabulary_is_missing_exits_1_saying_where_to_put_it()
    {
        var empty = TestFolders.Create("tokenize-no-models");

        var (code, output, error) = await HeadlessRunnerTests.RunWithInput("a film\n", "tokenize", "--model", "mpnet", "--models-dir", empty);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.Combine(empty, ModelCatalog.Mpnet.LocalFolder, "vocab.txt"), line);
        Assert.Contains("sentence-transformers/all-mpnet-base-v2/resolve/main/vocab.txt", line);
    }

    [Fact]
    public async Task Piped_UTF_8_through_the_process_s_own_stdin_gives_the_same_ids()
    {
        var cases = OneLineCases.Where(c => c.GetProperty("text").GetString()!.Any(ch => ch > 127)).Take(20).ToArray();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "LabApp.dll"), "tokenize", "--models-dir", ModelsDir })
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\r\n", cases.Select(c => c.GetProperty("text").GetString()))));
        process.StandardInput.Close();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal(Expected(cases, "minilm"), OutputLines(await output));
    }

    private static string Stdin(IEnumerable<JsonElement> cases) => string.Concat(cases.Select(c => c.GetProperty("text").GetString() + "\n"));

    private static string[] Expected(IEnumerable<JsonElement> cases, string property) =>
        cases.Select(c => JsonSerializer.Serialize(c.GetProperty(property))).ToArray();

    private static string[] OutputLines(string output)
    {
        Assert.EndsWith("\n", output);
        return output[..^1].Split('\n').Select(line => JsonSerializer.Serialize(JsonDocument.Parse(line).RootElement)).ToArray();
    }
}
