using System.Numerics.Tensors;
using LabApp.Core.Inference;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Inference;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(2);

    [Fact]
    public async Task Requests_made_within_the_delay_share_one_run_and_each_gets_its_own_results()
    {
        var (batcher, runs, time) = Lengths(maxBatch: 32);
        var first = batcher.RunAsync(["a dull film", "wasabi"]);
        var second = batcher.RunAsync(["a tender, funny film", "ok", "bad"]);
        Assert.Empty(runs);

        time.Advance(Delay);

        Assert.Equal([11, 6], await first);
        Assert.Equal([20, 2, 3], await second);
        Assert.Equal([["a dull film", "wasabi", "a tender, funny film", "ok", "bad"]], runs);
    }

    [Fact]
    public async Task A_full_batch_runs_at_once_and_the_rest_waits_for_the_next()
    {
        var (batcher, runs, time) = Lengths(maxBatch: 4);
        var first = batcher.RunAsync(["a", "bb"]);
        var second = batcher.RunAsync(["ccc", "dddd"]);
        Assert.Equal([1, 2], await first);
        Assert.Equal([3, 4], await second);

        var third = batcher.RunAsync(["eeeee"]);
        Assert.False(third.IsCompleted);
        time.Advance(Delay);
        Assert.Equal([5], await third);
        Assert.Equal([["a", "bb", "ccc", "dddd"], ["eeeee"]], runs);
    }

    [Fact]
    public async Task A_request_larger_than_a_batch_runs_alone()
    {
        var (batcher, runs, time) = Lengths(maxBatch: 2);
        var large = batcher.RunAsync(["a", "bb", "ccc"]);
        var small = batcher.RunAsync(["dddd"]);
        Assert.Equal([1, 2, 3], await large);
        time.Advance(Delay);
        Assert.Equal([4], await small);
        Assert.Equal([["a", "bb", "ccc"], ["dddd"]], runs);
    }

    [Fact]
    public async Task A_caller_who_cancels_before_the_run_leaves_the_batch_and_the_others_are_answered()
    {
        var (batcher, runs, time) = Lengths(maxBatch: 32);
        using var leaving = new CancellationTokenSource();
        var first = batcher.RunAsync(["one"]);
        var left = batcher.RunAsync(["closed the tab"], leaving.Token);
        var third = batcher.RunAsync(["three!"]);

        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        time.Advance(Delay);

        Assert.Equal([3], await first);
        Assert.Equal([6], await third);
        Assert.Equal([["one", "three!"]], runs);
    }

    [Fact]
    public async Task A_failed_run_fails_each_of_its_callers_and_the_next_batch_runs()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var batcher = new DynamicBatcher<string, int>(
            texts => ++calls == 1 ? throw new InvalidOperationException("the model is damaged") : texts.Select(t => t.Length).ToArray(),
            new InferenceScheduler(1), 32, Delay, time);
        var first = batcher.RunAsync(["a"]);
        var second = batcher.RunAsync(["bb"]);
        time.Advance(Delay);
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);

        var third = batcher.RunAsync(["ccc"]);
        time.Advance(Delay);
        Assert.Equal([3], await third);
    }

    [Fact]
    public async Task Typed_texts_embedded_in_one_shared_run_equal_their_embeddings_computed_alone()
    {
        var time = new FakeTimeProvider();
        using var embedder = new SentenceEmbedder(Path.Combine(SharedModel.Folder, "model.onnx"), SharedModel.Tokenizer, 256, InferenceDevice.Current, SharedModel.Scheduler, time);
        string[][] students =
        [
            ["A very negative movie review", "A very positive movie review"],
            ["it's a charming and often affecting journey ."],
            ["bad", "the film is strictly routine , a mess of clichés that would be at home in any number of lesser action movies , and it drags on far too long"],
        ];
        var together = students.Select(texts => embedder.EmbedTypedAsync(texts)).ToArray();
        time.Advance(SentenceEmbedder.TypedTextsDelay);

        for (var s = 0; s < students.Length; s++)
        {
            var shared = await together[s];
            var alone = await SharedModel.Embedder.EmbedAsync(students[s]);
            for (var i = 0; i < students[s].Length; i++)
            {
                var difference = new float[alone.Dimension];
                TensorPrimitives.Subtract(shared.Row(i), alone.Row(i), difference);
                Assert.True(TensorPrimitives.MaxMagnitude(difference) < 1e-5, $"student {s}, text {i}: max |difference| {TensorPrimitives.MaxMagnitude(difference)}");
            }
        }
    }

    // Each text's "result" is its length: enough to see which caller gets which items back.
    private static (DynamicBatcher<string, int> Batcher, List<string[]> Runs, FakeTimeProvider Time) Lengths(int maxBatch)
    {
        var time = new FakeTimeProvider();
        var runs = new List<string[]>();
        var batcher = new DynamicBatcher<string, int>(texts =>
        {
            lock (runs)
                runs.Add(texts.ToArray());
            return texts.Select(t => t.Length).ToArray();
        }, new InferenceScheduler(1), maxBatch, Delay, time);
        return (batcher, runs, time);
    }
}
