"""The chapter's Medium Tasks 1 and 3 computed as the notebook's cells compute them, on all-MiniLM-L6-v2 embeddings made
without the lab (no onnxruntime, no torch).

Produces: LabApp.Tests/Fixtures/medium-tasks-1-3.json
Run:      /usr/bin/python3 tools/reference/make_medium_tasks_13_fixture.py
          (model/vocab: models/sentence-transformers/all-MiniLM-L6-v2/{model.onnx,vocab.txt}, which the lab extracts on
           first use, or $MINILM_MODEL / $MINILM_VOCAB; the book's inputs: ../shared/book/medium-task-inputs.json beside
           the checkout, or $BOOK_INPUTS)

Embeddings: bert_tokenize.py (max_length 256) -> onnx_numpy.py (float32) -> mean pooling over the attention mask and L2
normalisation in float32, as sentence-transformers' encode() returns them (float32 rows, one text per batch).
Then the notebook's code, line for line: sklearn's cosine_similarity, np.argmax, np.argsort(...)[-2:][::-1] for the
runner-up, the margin flags (< 0.05, < 0.15), the label-pair similarities sorted by Python's stable sort, and for Task 3
calculate_margin (both of the notebook's versions), `margin >= confidence_threshold`, coverage and accuracy on predicted
(0 when nothing is predicted) at the experiment log's thresholds and the cell's own 0.15.

JSON shape (the lab's `run custom-labels --json` and `run confidence --json`, one object per run):
  {"model", "book_inputs",
   "custom_labels": [{"labels", "reviews": [{"text", "first", "first_score", "second", "second_score", "margin", "flag"}],
                      "label_pairs": [{"a", "b", "similarity"}]}],           # 5 levels, then 6 levels
   "confidence": [{"labels", "measure", "threshold", "reviews": [{"text", "true", "predicted", "top", "margin",
                   "confidence", "status"}], "coverage", "accuracy", "log": [{"threshold", "coverage", "accuracy"}]}]}
                                                                             # margin at 0.15, then max at 0.15 and -0.15
Numbers are float32 values printed to 7 significant digits.
"""
import json
import os
import sys

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump_rows  # noqa: E402
from bert_tokenize import BertTokenizer, DEFAULT_VOCAB, REPO  # noqa: E402
from onnx_numpy import OnnxNumpyModel, DEFAULT_MODEL  # noqa: E402

BOOK_INPUTS = os.environ.get("BOOK_INPUTS", os.path.join(REPO, "..", "shared", "book", "medium-task-inputs.json"))


def sig7(x):
    return float(f"{float(x):.7g}")


class Encoder:
    """model.encode(texts): float32, L2-normalised, each text alone (no padding)."""

    def __init__(self):
        self.tokenizer = BertTokenizer(DEFAULT_VOCAB, max_length=256)
        self.model = OnnxNumpyModel(DEFAULT_MODEL)
        self.cache = {}

    def encode(self, texts):
        return np.vstack([self._one(t) for t in texts])

    def _one(self, text):
        if text not in self.cache:
            ids = np.array([self.tokenizer.encode(text)[1]], dtype=np.int64)
            mask = np.ones_like(ids)
            (h,) = self.model.run({"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
                                  ["last_hidden_state"])
            pooled = h.sum(axis=1) / np.float32(ids.shape[1])
            self.cache[text] = (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))).astype(np.float32)
        return self.cache[text]


def flag(margin):
    if margin < 0.05:
        return "very uncertain"
    elif margin < 0.15:
        return "uncertain"
    return "confident"


def custom_labels(encoder, test_reviews, sentiment_labels):
    """Medium Task 1's cell."""
    label_embeddings = encoder.encode(sentiment_labels)
    review_embeddings = encoder.encode(test_reviews)
    sim_matrix = cosine_similarity(review_embeddings, label_embeddings)
    predictions = np.argmax(sim_matrix, axis=1)
    reviews = []
    for i, review in enumerate(test_reviews):
        predicted_idx = predictions[i]
        confidence = sim_matrix[i][predicted_idx]
        top2_indices = np.argsort(sim_matrix[i])[-2:][::-1]
        second_best_idx = top2_indices[1]
        second_best_score = sim_matrix[i][second_best_idx]
        margin = confidence - second_best_score
        reviews.append({"text": review, "first": sentiment_labels[predicted_idx], "first_score": sig7(confidence),
                        "second": sentiment_labels[second_best_idx], "second_score": sig7(second_best_score),
                        "margin": sig7(margin), "flag": flag(margin)})
    label_similarity = cosine_similarity(label_embeddings)
    confusions = []
    for i in range(len(sentiment_labels)):
        for j in range(i + 1, len(sentiment_labels)):
            confusions.append((i, j, label_similarity[i][j]))
    pairs = [{"a": sentiment_labels[i], "b": sentiment_labels[j], "similarity": sig7(sim)}
             for i, j, sim in sorted(confusions, key=lambda x: x[2], reverse=True)]
    return {"labels": list(sentiment_labels), "reviews": reviews, "label_pairs": pairs}


def margin_measure(similarities):
    sorted_sims = np.sort(similarities)[::-1]
    return sorted_sims[0] - sorted_sims[1]


def max_measure(similarities):
    return np.max(similarities) - 0.5


def confidence(encoder, test_reviews, y_true, labels, thresholds, confidence_threshold, measure):
    """Medium Task 3's cell, at `confidence_threshold` and at each threshold of its experiment log."""
    calculate_margin = margin_measure if measure == "margin" else max_measure
    sim_matrix = cosine_similarity(encoder.encode(test_reviews), encoder.encode(labels))

    def classify(threshold):
        results = []
        for i, review in enumerate(test_reviews):
            similarities = sim_matrix[i]
            predicted_idx = np.argmax(similarities)
            margin = calculate_margin(similarities)
            prediction = predicted_idx if margin >= threshold else None
            results.append({"review": review, "true": y_true[i], "pred": prediction, "top": similarities[predicted_idx],
                            "two": margin_measure(similarities), "margin": margin,
                            "status": "PREDICTED" if prediction is not None else "UNCERTAIN"})
        made_predictions = [r for r in results if r["pred"] is not None]
        correct_predictions = [r for r in made_predictions if r["pred"] == r["true"]]
        coverage = len(made_predictions) / len(results)
        accuracy = len(correct_predictions) / len(made_predictions) if len(made_predictions) > 0 else 0
        return results, coverage, accuracy

    results, coverage, accuracy = classify(confidence_threshold)
    log = [{"threshold": t, "coverage": classify(t)[1], "accuracy": classify(t)[2]} for t in [*thresholds, confidence_threshold]]
    return {
        "labels": list(labels), "measure": measure, "threshold": confidence_threshold,
        "reviews": [{"text": r["review"], "true": r["true"], "predicted": None if r["pred"] is None else int(r["pred"]),
                     "top": sig7(r["top"]), "margin": sig7(r["two"]), "confidence": sig7(r["margin"]), "status": r["status"]}
                    for r in results],
        "coverage": coverage, "accuracy": accuracy, "log": log,
    }


def main():
    with open(BOOK_INPUTS, encoding="utf-8") as f:
        book = json.load(f)
    encoder = Encoder()
    tasks_1 = [custom_labels(encoder, book["mt1_reviews"], labels) for labels in (book["mt1_labels5"], book["mt1_labels6"])]
    tasks_3 = [confidence(encoder, book["mt3_reviews"], book["mt3_truth"], book["mt3_labels"], book["mt3_thresholds"], threshold, measure)
               for measure, threshold in (("margin", 0.15), ("max", 0.15), ("max", -0.15))]
    for run in tasks_1:
        print(f"{len(run['labels'])} labels")
        for r in run["reviews"]:
            print(f"  {r['text'][:40]:40s} {r['first']:30s} {r['first_score']:.3f}  {r['second']:30s} {r['second_score']:.3f}  {r['margin']:.3f} {r['flag']}")
        for p in run["label_pairs"][:10]:
            print(f"  {p['a']} <-> {p['b']}: {p['similarity']:.3f}")
    for run in tasks_3:
        print(f"{run['measure']} at {run['threshold']}: coverage {run['coverage']:.1%}, accuracy {run['accuracy']:.1%}")
        for r in run["reviews"]:
            print(f"  {r['text'][:40]:40s} top {r['top']:.3f} margin {r['margin']:.3f} {run['measure']} {r['confidence']:.3f} {r['status']}")
        print("  log: " + ", ".join(f"{o['threshold']}: {o['coverage']:.1%} / {o['accuracy']:.1%}" for o in run["log"]))
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "book_inputs": "../shared/book/medium-task-inputs.json",
        "custom_labels": tasks_1,
        "confidence": tasks_3,
    }
    path = os.path.join(REPO, "LabApp.Tests", "Fixtures", "medium-tasks-1-3.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump_rows(out))
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
