using System.Numerics;
using LabApp.Core.Data;

namespace LabApp.Tests.Data;

public sealed class NumpyRandomTests
{
    private static readonly System.Text.Json.JsonElement Reference = Fixtures.Load("numpy-permutations.json");

    [Theory]
    [InlineData(1066UL, new[] { 426, 877, 480, 47, 695 })]
    [InlineData(8530UL, new[] { 6141, 2935, 6540, 573, 8485 })]
    public void Seed_42_permutations_begin_as_numpy_prints_them(ulong count, int[] expected)
    {
        Assert.Equal(expected, NumpyRandom.Permutation((int)count, 42).Take(5));
    }

    [Fact]
    public void Permutation_prefixes_match_numpy_for_every_seed_and_size()
    {
        var cases = Reference.GetProperty("permutation_prefixes").EnumerateArray().ToArray();
        Assert.True(cases.Length >= 40);
        foreach (var c in cases)
        {
            var seed = c.GetProperty("seed").GetUInt64();
            var n = c.GetProperty("n").GetInt32();
            var expected = c.GetProperty("first").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected, NumpyRandom.Permutation(n, seed).Take(expected.Length));
        }
    }

    [Fact]
    public void Full_permutations_of_the_test_and_train_splits_match_numpy()
    {
        foreach (var c in Reference.GetProperty("full_permutations").EnumerateArray())
        {
            var expected = c.GetProperty("perm").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expected, NumpyRandom.Permutation(c.GetProperty("n").GetInt32(), c.GetProperty("seed").GetUInt64()));
        }
    }

    [Fact]
    public void Seeding_matches_numpys_SeedSequence_and_PCG64_state()
    {
        foreach (var c in Reference.GetProperty("seed_sequence_generate_state").EnumerateArray())
        {
            var expected = c.GetProperty("words").EnumerateArray().Select(e => ulong.Parse(e.GetString()!)).ToArray();
            Assert.Equal(expected, SeedSequence.GenerateState64(c.GetProperty("seed").GetUInt64(), 4));
        }

        foreach (var c in Reference.GetProperty("pcg64_states").EnumerateArray())
        {
            var (state, increment) = new Pcg64(c.GetProperty("seed").GetUInt64()).Snapshot;
            Assert.Equal(UInt128.Parse(c.GetProperty("state").GetString()!), state);
            Assert.Equal(UInt128.Parse(c.GetProperty("inc").GetString()!), increment);
        }
    }

    [Fact]
    public void Raw_64_bit_draws_match_numpy()
    {
        foreach (var c in Reference.GetProperty("random_raw").EnumerateArray())
        {
            var generator = new Pcg64(c.GetProperty("seed").GetUInt64());
            var expected = c.GetProperty("raw").EnumerateArray().Select(e => ulong.Parse(e.GetString()!)).ToArray();
            Assert.Equal(expected, expected.Select(_ => generator.NextUInt64()));
        }
    }

    [Fact]
    public void Every_index_appears_once()
    {
        var permutation = NumpyRandom.Permutation(8530, 7);
        Assert.Equal(Enumerable.Range(0, 8530), permutation.Order());
        Assert.NotEqual(Enumerable.Range(0, 8530), permutation);
    }
}
