"""A tiny RoBERTa-style sentiment model and byte-level BPE vocabulary, with independent reference values.

Produces (all under LabApp.Tests/Fixtures/):
  tiny-roberta-vocab.json     byte-level BPE vocabulary in RoBERTa's layout: <s>=0 <pad>=1 </s>=2 <unk>=3,
                              the 256 byte symbols, the merged tokens, <mask> last
  tiny-roberta-merges.txt     the merges, "#version: 0.2" header as in the hub's merges.txt
  tiny-roberta-sentiment.onnx inputs input_ids, attention_mask (int64 [batch, sequence]), output logits
                              (float [batch, 3]) as the ONNX export of cardiffnlp/twitter-roberta-base-sentiment-latest
  tiny-roberta-expected.json  per text: ids (with <s> ... </s>, truncated at 512) and the softmax scores
Run:      /usr/bin/python3 tools/reference/make_tiny_roberta_fixtures.py
          (reads ../shared/data/rt-polaritydata beside the repository, or $RT_POLARITY)

The vocabulary is learnt here by plain BPE training (most frequent adjacent pair first, ties by the pair itself)
on the rt-polarity sentences, pre-tokenised with GPT-2's regex and mapped to GPT-2's byte-to-unicode alphabet.
The reference encoder is GPT-2's encoder.py algorithm (lowest-rank pair merged first), the rule Hugging Face's
RobertaTokenizer follows; Python's `re` stands in for the `regex` module with these classes:
  \\p{L} -> [^\\W\\d_]   \\p{N} -> \\d   [^\\s\\p{L}\\p{N}] -> (?:[^\\s\\w]|_)
which agree on the fixture texts (ASCII, Latin letters with accents, an emoji).

The graph: embedding lookup (Gather) of input_ids, mean over the positions where attention_mask is 1,
MatMul + bias to 3 logits. Because the mean is masked, a wrong mask or padding that leaks into a row
changes the scores, so the C# test catches batching mistakes. Scores are computed here with numpy, in float64
from the float32 weights, each text alone (no padding).
"""
import json
import os
import re

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(REPO, "LabApp.Tests", "Fixtures")
DATA = os.environ.get("RT_POLARITY", os.path.join(REPO, "..", "shared", "data", "rt-polaritydata"))
MERGES = 500
HIDDEN = 4
MAX_LENGTH = 512

PATTERN = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")

TEXTS = [
    "a good film",
    "a bad film",
    "the movie is neither good nor bad , it's just there .",
    "it's a charming, quirky and original comedy!",
    "  leading spaces and  double  spaces",
    "numbers 1999 and 2024, prices $12.50",
    "café crème brûlée",
    "what a ride 😀",
    "line one\nline two",
    "under_score and o'clock",
    "",
    " ".join(["long"] * 600),
]


def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_CHAR = bytes_to_unicode()


def words_of(text):
    return ["".join(BYTE_TO_CHAR[b] for b in w.encode("utf-8")) for w in PATTERN.findall(text)]


def train_merges(lines, count):
    freq = {}
    for line in lines:
        for w in words_of(line):
            freq[w] = freq.get(w, 0) + 1
    words = {w: list(w) for w in freq}
    merges = []
    for _ in range(count):
        pairs = {}
        for w, symbols in words.items():
            for a, b in zip(symbols, symbols[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + freq[w]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        for w, symbols in words.items():
            words[w] = merge_pair(symbols, best)
    return merges


def merge_pair(symbols, pair):
    """Every non-overlapping occurrence of the adjacent pair, left to right, joined into one symbol."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def bpe(word, ranks):
    """GPT-2 encoder.py: merge the lowest-ranked adjacent pair (all its occurrences) until none is in the merges."""
    symbols = list(word)
    while len(symbols) > 1:
        pairs = {(a, b) for a, b in zip(symbols, symbols[1:])}
        best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if best not in ranks:
            break
        symbols = merge_pair(symbols, best)
    return symbols


def encode(text, vocab, ranks):
    pieces = [vocab[s] for w in words_of(text) for s in bpe(w, ranks)]
    return [vocab["<s>"]] + pieces[: MAX_LENGTH - 2] + [vocab["</s>"]]


def build_graph(embedding, weight, bias):
    nodes = [
        helper.make_node("Gather", ["embedding", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "axis_last"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis_sequence"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "axis_sequence"], ["counted"], keepdims=0),
        helper.make_node("Div", ["summed", "counted"], ["mean"]),
        helper.make_node("MatMul", ["mean", "weight"], ["projected"]),
        helper.make_node("Add", ["projected", "bias"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-roberta-sentiment",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "sequence_length"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", 3])],
        initializer=[
            numpy_helper.from_array(embedding, "embedding"),
            numpy_helper.from_array(weight, "weight"),
            numpy_helper.from_array(bias, "bias"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "axis_last"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_sequence"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_tiny_roberta_fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def softmax(row):
    e = np.exp(row - row.max())
    return e / e.sum()


def main():
    lines = []
    for name in ("rt-polarity.pos", "rt-polarity.neg"):
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            lines += [line.strip() for line in f]
    merges = train_merges(lines, MERGES)

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for b in range(256):
        vocab.setdefault(BYTE_TO_CHAR[b], len(vocab))
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab["<mask>"] = len(vocab)
    ranks = {pair: i for i, pair in enumerate(merges)}

    rng = np.random.default_rng(20240623)
    embedding = rng.normal(0.0, 1.0, (len(vocab), HIDDEN)).astype(np.float32)
    # "good" and "bad" lean the mean clearly towards positive and negative, so the test texts read sensibly.
    embedding[vocab["Ġgood"]] = [4.0, 0.0, 0.0, 0.0]
    embedding[vocab["Ġbad"]] = [-4.0, 0.0, 0.0, 0.0]
    weight = np.zeros((HIDDEN, 3), dtype=np.float32)
    weight[0] = [-2.0, 0.0, 2.0]
    weight[1:] = rng.normal(0.0, 0.5, (HIDDEN - 1, 3)).astype(np.float32)
    bias = np.array([0.1, 0.3, -0.2], dtype=np.float32)

    cases = []
    for text in TEXTS:
        ids = encode(text, vocab, ranks)
        mean = embedding[ids].astype(np.float64).mean(axis=0)
        logits = mean @ weight.astype(np.float64) + bias.astype(np.float64)
        scores = softmax(logits)
        cases.append({"text": text, "ids": ids, "scores": [round(float(s), 7) for s in scores]})

    with open(os.path.join(FIXTURES, "tiny-roberta-vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(FIXTURES, "tiny-roberta-merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    onnx.save(build_graph(embedding, weight, bias), os.path.join(FIXTURES, "tiny-roberta-sentiment.onnx"))
    with open(os.path.join(FIXTURES, "tiny-roberta-expected.json"), "w", encoding="utf-8") as f:
        json.dump({"labels": ["negative", "neutral", "positive"], "max_length": MAX_LENGTH, "cases": cases}, f, ensure_ascii=False, indent=1)
    print(f"vocab {len(vocab)}, merges {len(merges)}, {len(cases)} cases")


if __name__ == "__main__":
    main()
