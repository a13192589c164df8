"""Reference values of numpy's default_rng (SeedSequence -> PCG64 -> Generator.permutation), as used by
Hugging Face `datasets.Dataset.shuffle(seed)` (= rows at np.random.default_rng(seed).permutation(len(ds))).

Produces: LabApp.Tests/Fixtures/numpy-permutations.json
Run:      /usr/bin/python3 tools/reference/make_shuffle_fixtures.py      (numpy 1.24.2)

Besides numpy's own output, the script re-implements the algorithm in plain Python (SeedSequence hashmix pool,
PCG64 XSL-RR 128/64 seeding and stepping, 32-bit buffered draws, masked-rejection random_interval and the
Fisher-Yates loop of Generator.shuffle) and asserts that it reproduces every value written — so the fixture
also pins down the algorithm a C# port must follow.

JSON shape:
  {"numpy_version", "seeds": [int], "sizes": [int],
   "permutation_prefixes": [{"seed", "n", "first": [int]}],        # first min(n, 50) of permutation(n)
   "full_permutations":    [{"seed", "n", "perm": [int]}],         # seed 42, n = 1066 and 8530
   "pcg64_states":         [{"seed", "state", "inc"}],             # bit_generator.state right after default_rng(seed); decimal strings
   "seed_sequence_generate_state": [{"seed", "words": [str x4]}],  # SeedSequence(seed).generate_state(4, np.uint64)
   "random_raw":           [{"seed", "raw": [str x8]}],            # default_rng(seed).bit_generator.random_raw(8)
   "test_shuffle_42":  {"indices": [int x5], "texts": [str], "labels": [int]},   # test split rows at permutation(1066)[:5]
   "train_shuffle_42": {"indices": [int x5], "texts": [str], "labels": [int]}}   # train split rows at permutation(8530)[:5]
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump_rows  # noqa: E402
from bert_tokenize import REPO, load_split_texts  # noqa: E402

SEEDS = [0, 1, 42, 123, 2024, 4294967295, 12345678901234]
SIZES = [1, 2, 10, 300, 1066, 8530]
M32, M64, M128 = (1 << 32) - 1, (1 << 64) - 1, (1 << 128) - 1

# ---- plain-Python reimplementation (numpy/random/bit_generator.pyx, pcg64.h, distributions.c, _generator.pyx) ----
INIT_A, MULT_A, INIT_B, MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
MIX_MULT_L, MIX_MULT_R, XSHIFT, POOL_SIZE = 0xCA01F9DD, 0x4973F715, 16, 4


def seed_sequence_pool(seed):
    entropy = []  # the int as little-endian 32-bit words ([0] for 0)
    x = seed
    while True:
        entropy.append(x & M32)
        x >>= 32
        if x == 0:
            break
    hash_const = INIT_A

    def hashmix(value):
        nonlocal hash_const
        value = (value ^ hash_const) & M32
        hash_const = (hash_const * MULT_A) & M32
        value = (value * hash_const) & M32
        return value ^ (value >> XSHIFT)

    def mix(x, y):
        r = (MIX_MULT_L * x - MIX_MULT_R * y) & M32
        return r ^ (r >> XSHIFT)

    pool = [hashmix(entropy[i] if i < len(entropy) else 0) for i in range(POOL_SIZE)]
    for i_src in range(POOL_SIZE):
        for i_dst in range(POOL_SIZE):
            if i_src != i_dst:
                pool[i_dst] = mix(pool[i_dst], hashmix(pool[i_src]))
    for i_src in range(POOL_SIZE, len(entropy)):
        for i_dst in range(POOL_SIZE):
            pool[i_dst] = mix(pool[i_dst], hashmix(entropy[i_src]))
    return pool


def seed_sequence_generate_state_u64(seed, n_words):
    pool = seed_sequence_pool(seed)
    hash_const = INIT_B
    words32 = []
    for i in range(2 * n_words):
        v = pool[i % POOL_SIZE] ^ hash_const
        hash_const = (hash_const * MULT_B) & M32
        v = (v * hash_const) & M32
        words32.append(v ^ (v >> XSHIFT))
    return [words32[2 * i] | (words32[2 * i + 1] << 32) for i in range(n_words)]  # little-endian view


PCG_MULT = (2549297995355413924 << 64) + 4865540595714422341


class PyPCG64:
    def __init__(self, seed):
        w = seed_sequence_generate_state_u64(seed, 4)
        initstate, initseq = (w[0] << 64) | w[1], (w[2] << 64) | w[3]
        self.inc = ((initseq << 1) | 1) & M128
        self.state = 0
        self._step()
        self.state = (self.state + initstate) & M128
        self._step()
        self.has_uint32, self.uinteger = False, 0

    def _step(self):
        self.state = (self.state * PCG_MULT + self.inc) & M128

    def next64(self):
        self._step()
        hi, lo = self.state >> 64, self.state & M64
        rot = self.state >> 122
        x = hi ^ lo
        return ((x >> rot) | (x << ((64 - rot) & 63))) & M64

    def next32(self):  # numpy buffers the high half of a 64-bit draw
        if self.has_uint32:
            self.has_uint32 = False
            return self.uinteger
        v = self.next64()
        self.has_uint32, self.uinteger = True, v >> 32
        return v & M32

    def interval(self, mx):  # random_interval: uniform in [0, mx] by masked rejection
        if mx == 0:
            return 0
        mask = mx
        for s in (1, 2, 4, 8, 16, 32):
            mask |= mask >> s
        draw = self.next32 if mx <= M32 else self.next64
        while True:
            v = draw() & mask
            if v <= mx:
                return v


def py_permutation(seed, n):
    g = PyPCG64(seed)
    a = list(range(n))
    for i in range(n - 1, 0, -1):  # Generator.shuffle: for i in reversed(range(1, n)): j = random_interval(i)
        j = g.interval(i)
        a[i], a[j] = a[j], a[i]
    return a


# ------------------------------------------------------------------------------------------------------------------

def shuffled_rows(split, n, seed=42, k=5):
    texts, labels = load_split_texts(split)
    assert len(texts) == n
    idx = [int(i) for i in np.random.default_rng(seed).permutation(n)[:k]]
    return {"indices": idx, "texts": [texts[i] for i in idx], "labels": [labels[i] for i in idx]}


def main():
    out = {"numpy_version": np.__version__, "seeds": SEEDS, "sizes": SIZES}
    prefixes, fulls, states, ss, raws = [], [], [], [], []
    for seed in SEEDS:
        st = np.random.default_rng(seed).bit_generator.state
        assert st["bit_generator"] == "PCG64" and st["has_uint32"] == 0
        py = PyPCG64(seed)
        assert (py.state, py.inc) == (st["state"]["state"], st["state"]["inc"]), seed
        states.append({"seed": seed, "state": str(st["state"]["state"]), "inc": str(st["state"]["inc"])})
        words = [int(w) for w in np.random.SeedSequence(seed).generate_state(4, np.uint64)]
        assert words == seed_sequence_generate_state_u64(seed, 4), seed
        ss.append({"seed": seed, "words": [str(w) for w in words]})
        raw = [int(v) for v in np.random.default_rng(seed).bit_generator.random_raw(8)]
        py = PyPCG64(seed)
        assert raw == [py.next64() for _ in range(8)], seed
        if seed in (0, 42):
            raws.append({"seed": seed, "raw": [str(v) for v in raw]})
        for n in SIZES:
            perm = [int(v) for v in np.random.default_rng(seed).permutation(n)]
            assert perm == py_permutation(seed, n), (seed, n)
            prefixes.append({"seed": seed, "n": n, "first": perm[:50]})
            if seed == 42 and n in (1066, 8530):
                fulls.append({"seed": seed, "n": n, "perm": perm})
    out.update({
        "permutation_prefixes": prefixes, "full_permutations": fulls, "pcg64_states": states,
        "seed_sequence_generate_state": ss, "random_raw": raws,
        "test_shuffle_42": shuffled_rows("test", 1066), "train_shuffle_42": shuffled_rows("train", 8530),
    })
    path = os.path.join(REPO, "LabApp.Tests", "Fixtures", "numpy-permutations.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump_rows(out))
    with open(path, encoding="utf-8") as f:
        assert json.load(f) == out
    print(json.dumps(states[:3], indent=None))
    print("raw seed 0:", raws[0]["raw"][:3])
    print("test.shuffle(42)[:5]:", out["test_shuffle_42"])
    print("wrote", path, os.path.getsize(path), "bytes; pure-Python reimplementation agrees with numpy")


if __name__ == "__main__":
    main()
