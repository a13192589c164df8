"""Reference sentence-transformers embeddings of all-MiniLM-L6-v2, computed without onnxruntime/torch.

Produces: LabApp.Tests/Fixtures/minilm-embeddings.json
Run:      /usr/bin/python3 tools/reference/make_embedding_fixtures.py
          (model/vocab: models/sentence-transformers/all-MiniLM-L6-v2/{model.onnx,vocab.txt}, which the lab extracts on first use,
           or $MINILM_MODEL / $MINILM_VOCAB)

Pipeline: bert_tokenize.py (HF BertTokenizer re-implementation, max_length 256) -> onnx_numpy.py (float32 numpy
interpreter of model.onnx, token_type_ids = 0) -> mean pooling of last_hidden_state over the attention mask ->
L2 normalisation (x / max(||x||, 1e-12)), as sentence-transformers' Pooling(mean) + Normalize modules.
Each sentence is run alone (batch 1, no padding); a padded batch of all sentences is run as a cross-check.
Pooling / normalisation / cosines are done in float64 from the float32 hidden states.

JSON shape:
  {"model", "max_length", "pooling", "normalize", "sentences": [str],
   "token_ids": [[int]],                       # per sentence, incl. [CLS]/[SEP]
   "embeddings": [[384 floats]],               # L2-normalised, rounded to 7 significant digits
   "cosine": [[float]],                        # pairwise cosine similarity (= dot of normalised vectors), 7 s.d.
   "padded_batch_max_abs_diff": float,         # |embedding(batch, padded) - embedding(alone)| max
   "readme_check": {"pairs": [[i, j, expected, got]], "tolerance": 1e-4}}
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump_rows  # noqa: E402
from bert_tokenize import BertTokenizer, DEFAULT_VOCAB, REPO  # noqa: E402
from onnx_numpy import OnnxNumpyModel, DEFAULT_MODEL  # noqa: E402

SENTENCES = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
    "A negative review",
    "A positive review",
    "unpretentious , charming , quirky , original",
]
# sentence-transformers README (all-MiniLM-L6-v2, model.similarity of the first three sentences)
README = [(0, 1, 0.6660), (0, 2, 0.1046), (1, 2, 0.1411)]


def sig7(x):
    return float(f"{float(x):.7g}")


def embed(model, id_lists, pad_id=0):
    n = max(len(i) for i in id_lists)
    ids = np.full((len(id_lists), n), pad_id, dtype=np.int64)
    mask = np.zeros_like(ids)
    for r, row in enumerate(id_lists):
        ids[r, : len(row)] = row
        mask[r, : len(row)] = 1
    (h,) = model.run({"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
                     ["last_hidden_state"])
    assert h.dtype == np.float32
    m = mask[:, :, None].astype(np.float64)
    pooled = (h.astype(np.float64) * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.maximum(norms, 1e-12)


def main():
    tok = BertTokenizer(DEFAULT_VOCAB, max_length=256)
    model = OnnxNumpyModel(DEFAULT_MODEL)
    id_lists = [tok.encode(s)[1] for s in SENTENCES]
    emb = np.vstack([embed(model, [ids]) for ids in id_lists])
    batch = embed(model, id_lists)
    batch_diff = float(np.abs(batch - emb).max())
    cos = emb @ emb.T
    print("padded batch vs single max |diff|:", batch_diff)
    np.set_printoptions(precision=4, suppress=True, linewidth=150)
    print(cos)
    checks = []
    ok = True
    for i, j, exp in README:
        got = float(cos[i, j])
        checks.append([i, j, exp, round(got, 7)])
        print(f"cos({SENTENCES[i]!r}, {SENTENCES[j]!r}) = {got:.6f}  (README {exp:.4f})")
        ok &= abs(got - exp) <= 1e-4 + 5e-5  # README values are printed to 4 decimals
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "max_length": 256,
        "pooling": "mean over attention_mask",
        "normalize": "L2",
        "sentences": SENTENCES,
        "token_ids": id_lists,
        "embeddings": [[sig7(v) for v in row] for row in emb],
        "cosine": [[sig7(v) for v in row] for row in cos],
        "padded_batch_max_abs_diff": sig7(batch_diff),
        "readme_check": {"pairs": checks, "tolerance": 1e-4},
    }
    path = os.path.join(REPO, "LabApp.Tests", "Fixtures", "minilm-embeddings.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump_rows(out))
    print("wrote", path, os.path.getsize(path), "bytes")
    if not ok:
        sys.exit("README cosine check FAILED")


if __name__ == "__main__":
    main()
