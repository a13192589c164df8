namespace LabApp.Core.Data;

/// <summary>
/// The piece of <c>numpy.random.Generator</c> that Hugging Face's <c>Dataset.shuffle(seed)</c> uses:
/// <c>default_rng(seed).permutation(n)</c>, a Fisher–Yates shuffle of <c>arange(n)</c>.
/// </summary>
public static class NumpyRandom
{
    /// <summary><c>numpy.random.default_rng(seed).permutation(count)</c>.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new Pcg64(seed);
        var values = new int[count];
        for (var i = 0; i < count; i++)
            values[i] = i;

        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)Interval(generator, (ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }

        return values;
    }

    /// <summary>
    /// One draw of <c>Generator.integers(0, high)</c> for a high up to 2³²: numpy's Lemire method on 32-bit draws
    /// (random_bounded_uint64_fill without masking), so a sequence of draws matches <c>integers(0, high, size=k)</c>.
    /// </summary>
    internal static int Integer(Pcg64 generator, uint high)
    {
        if (high <= 1)
            return 0;
        var scaled = (ulong)generator.NextUInt32() * high;
        var leftover = (uint)scaled;
        if (leftover < high)
        {
            var threshold = (uint.MaxValue - (high - 1)) % high;
            while (leftover < threshold)
            {
                scaled = (ulong)generator.NextUInt32() * high;
                leftover = (uint)scaled;
            }
        }

        return (int)(scaled >> 32);
    }

    // numpy's random_interval: a draw in [0, max] by masked rejection. Generator.shuffle keeps this
    // (not Lemire's method) for its draws, so permutations match across numpy versions.
    internal static ulong Interval(Pcg64 generator, ulong max)
    {
        if (max == 0)
            return 0;

        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;

        ulong value;
        if (max <= uint.MaxValue)
        {
            while ((value = generator.NextUInt32() & mask) > max)
            {
            }
        }
        else
        {
            while ((value = generator.NextUInt64() & mask) > max)
            {
            }
        }

        return value;
    }
}
