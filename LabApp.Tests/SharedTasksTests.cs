using LabApp.Core;

namespace LabApp.Tests;

public sealed class SharedTasksTests
{
    [Fact]
    public async Task At_the_bound_the_least_recently_used_key_is_forgotten_and_started_again_when_asked()
    {
        var started = new List<string>();
        var tasks = new SharedTasks<string, int>(capacity: 2);
        Task<IReadOnlyList<int>> Start(IReadOnlyList<string> keys)
        {
            started.AddRange(keys);
            return Task.FromResult<IReadOnlyList<int>>(keys.Select(k => k.Length).ToArray());
        }

        async Task<int[]> Ask(params string[] keys) => await Task.WhenAll(tasks.GetOrStartEach(keys, Start));

        Assert.Equal(new[] { 1, 2 }, await Ask("a", "bb"));
        await Ask("a");        // a is now used more recently than bb
        await Ask("ccc");      // the bound: bb goes
        await Ask("a");        // still kept
        Assert.Equal(new[] { 2, 3 }, await Ask("bb", "ccc")); // bb starts again and pushes out a; ccc is kept

        Assert.Equal(["a", "bb", "ccc", "bb"], started);
    }

    [Fact]
    public async Task Concurrent_callers_of_the_same_text_share_one_model_run()
    {
        var runs = new List<IReadOnlyList<string>>();
        var gate = new TaskCompletionSource();
        var tasks = new SharedTasks<string, float[]>(capacity: 16);
        async Task<IReadOnlyList<float[]>> Embed(IReadOnlyList<string> texts)
        {
            lock (runs)
                runs.Add(texts);
            await gate.Task;
            var embeddings = await SharedModel.Embedder.EmbedAsync(texts);
            return Enumerable.Range(0, texts.Count).Select(i => embeddings.Row(i).ToArray()).ToArray();
        }

        // Both callers ask while the first run is still under way: the second only starts what the first did not.
        var first = tasks.GetOrStartEach(["a tender film", "a dull film"], Embed);
        var second = tasks.GetOrStartEach(["a dull film", "a loud film", "a dull film"], Embed);
        gate.SetResult();
        var firstRows = await Task.WhenAll(first);
        var secondRows = await Task.WhenAll(second);

        Assert.Equal([["a tender film", "a dull film"], ["a loud film"]], runs);
        Assert.Same(first[1], second[0]);
        Assert.Same(second[0], second[2]);
        var alone = await SharedModel.Embedder.EmbedAsync(["a dull film", "a loud film"]);
        Assert.Equal(alone.Row(0).ToArray(), firstRows[1]);
        Assert.Equal(alone.Row(1).ToArray(), secondRows[1]);
    }

    [Fact]
    public async Task Failed_work_is_forgotten_so_the_next_caller_starts_it_again()
    {
        var attempts = 0;
        var firstLoad = new TaskCompletionSource<int>();
        var tasks = new SharedTasks<string, int>(capacity: 4);
        Task<int> Load() => ++attempts == 1 ? firstLoad.Task : Task.FromResult(42);

        var failing = tasks.GetOrStart("minilm", Load);
        firstLoad.SetException(new IOException("model.onnx is missing"));
        await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal(42, await tasks.GetOrStart("minilm", Load));
        Assert.Equal(42, await tasks.GetOrStart("minilm", Load));

        Assert.Equal(2, attempts);
    }
}
