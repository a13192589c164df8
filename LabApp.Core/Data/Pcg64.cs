namespace LabApp.Core.Data;

/// <summary>
/// numpy's default bit generator, PCG64 (XSL-RR 128/64), seeded as <c>numpy.random.default_rng(seed)</c> seeds it,
/// including numpy's buffering of the upper 32 bits for 32-bit draws.
/// </summary>
internal sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4, 0x4385DF649FCCF645);

    private UInt128 _state;
    private readonly UInt128 _increment;
    private bool _hasBufferedUInt32;
    private uint _bufferedUInt32;

    public Pcg64(ulong seed)
    {
        var words = SeedSequence.GenerateState64(seed, 4);
        var initState = new UInt128(words[0], words[1]);
        var initSequence = new UInt128(words[2], words[3]);

        _increment = (initSequence << 1) | UInt128.One;
        _state = UInt128.Zero;
        Step();
        _state += initState;
        Step();
    }

    public (UInt128 State, UInt128 Increment) Snapshot => (_state, _increment);

    public ulong NextUInt64()
    {
        Step();
        var high = (ulong)(_state >> 64);
        var low = (ulong)_state;
        return ulong.RotateRight(high ^ low, (int)(high >> 58));
    }

    public uint NextUInt32()
    {
        if (_hasBufferedUInt32)
        {
            _hasBufferedUInt32 = false;
            return _bufferedUInt32;
        }

        var next = NextUInt64();
        _hasBufferedUInt32 = true;
        _bufferedUInt32 = (uint)(next >> 32);
        return (uint)next;
    }

    private void Step() => _state = _state * Multiplier + _increment;
}
