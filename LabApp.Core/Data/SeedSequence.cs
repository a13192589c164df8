namespace LabApp.Core.Data;

/// <summary>
/// numpy's <c>SeedSequence</c> for a single non-negative integer seed: turns the seed into well-mixed
/// words for a bit generator. Written out because exactness matters: the same seed must give the same
/// reviews as <c>numpy.random.default_rng(seed)</c> in the book.
/// </summary>
internal static class SeedSequence
{
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int XShift = 16;
    private const int PoolSize = 4;

    /// <summary><c>SeedSequence(seed).generate_state(count, np.uint64)</c>.</summary>
    public static ulong[] GenerateState64(ulong seed, int count)
    {
        var pool = MixEntropy(ToUInt32Words(seed));
        var words = new uint[count * 2];
        var hashConst = InitB;
        for (var i = 0; i < words.Length; i++)
        {
            var value = pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            words[i] = value;
        }

        var state = new ulong[count];
        for (var i = 0; i < count; i++)
            state[i] = words[2 * i] | ((ulong)words[2 * i + 1] << 32);
        return state;
    }

    // numpy splits an integer seed into 32-bit words, least significant first; zero is one word.
    private static uint[] ToUInt32Words(ulong seed)
    {
        if (seed <= uint.MaxValue)
            return [(uint)seed];
        return [(uint)seed, (uint)(seed >> 32)];
    }

    private static uint[] MixEntropy(uint[] entropy)
    {
        var mixer = new uint[PoolSize];
        var hashConst = InitA;
        for (var i = 0; i < PoolSize; i++)
            mixer[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);

        for (var src = 0; src < PoolSize; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++)
            {
                if (src != dst)
                    mixer[dst] = Mix(mixer[dst], HashMix(mixer[src], ref hashConst));
            }
        }

        for (var src = PoolSize; src < entropy.Length; src++)
        {
            for (var dst = 0; dst < PoolSize; dst++)
                mixer[dst] = Mix(mixer[dst], HashMix(entropy[src], ref hashConst));
        }

        return mixer;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        var result = MixMultL * x - MixMultR * y;
        result ^= result >> XShift;
        return result;
    }
}
