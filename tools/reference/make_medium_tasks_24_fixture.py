"""The notebook's Medium Task 2 and Medium Task 4 cells computed with scikit-learn on MiniLM embeddings, as the
reference for `run limited-data` and `run failure-analysis` with no options.

Produces: LabApp.Tests/Fixtures/medium-tasks-2-4.json
Run:      dotnet run --project LabApp -- embed --split train --out /tmp/emb/train.npy --data-dir ../shared/data
          dotnet run --project LabApp -- embed --split test --out /tmp/emb/test.npy --data-dir ../shared/data
          /usr/bin/python3 tools/reference/make_medium_tasks_24_fixture.py /tmp/emb [--independent-symbols]
          (numpy 1.24, scikit-learn 1.2; model/vocab as bert_tokenize.py and onnx_numpy.py find them)

What is independent of the lab:
- the splits: rebuilt from rt-polaritydata by bert_tokenize.load_split_texts (not the lab's Parquet reader);
- the seeded subsets: numpy's own Generator(PCG64(SeedSequence(42))).permutation(n)[:k], which is what Hugging Face's
  `shuffle(seed=42).select(range(k))` takes;
- the classifier and the metrics: scikit-learn's LogisticRegression(random_state=42, max_iter=1000), predict,
  predict_proba and f1_score(average="weighted"), exactly the notebook's calls;
- the edge cases: read from the book's own ../shared/book/medium-task-inputs.json (or $BOOK_INPUTS), embedded with
  bert_tokenize.py + onnx_numpy.py, mean pooling and L2 normalisation, one sentence at a time.
The split embeddings are the lab's `embed` output (checked elsewhere against onnx_numpy; embedding 9,596 sentences
with the numpy interpreter takes hours). Every subset sentence holding a character outside plain ASCII letters, digits
and common punctuation (dollar signs, accents, dashes, ½, …) is embedded independently as well and compared with the
lab's row: those the lab reads differently are listed in "lab_rows_that_differ", and --independent-symbols uses the
independent embeddings for them instead of the lab's.

Both tasks follow the notebook's cells: Task 2 on test.shuffle(42)[:300] for each train size 100, 500, 1000, 2000, 5000
(the embedding classifier's weighted F1; the task-specific model is not computed here), Task 4 on train[:1000] and
test[:200] with its six edge cases, errors counted in test order, "high-confidence" meaning confidence > 0.7, lengths
as len(text.split()).
"""
import json
import os
import sys

import numpy as np
import sklearn
from numpy.random import PCG64, Generator, SeedSequence
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_tokenize import DEFAULT_VOCAB, REPO, BertTokenizer, load_split_texts  # noqa: E402
from fixture_json import dump_rows  # noqa: E402
from make_embedding_fixtures import embed  # noqa: E402
from onnx_numpy import DEFAULT_MODEL, OnnxNumpyModel  # noqa: E402

SEED = 42
TASK2_SIZES = [100, 500, 1000, 2000, 5000]
TASK2_TEST = 300
TASK4_TRAIN, TASK4_TEST = 1000, 200
BOOK_INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "book", "medium-task-inputs.json")
with open(os.environ.get("BOOK_INPUTS", BOOK_INPUTS), encoding="utf-8") as f:
    EDGE_CASES = [tuple(case) for case in json.load(f)["mt4_edge_cases"]]
PLAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,'!?-:;()\"&*/#%@[]_{}\\")


def r6(x):
    return round(float(x), 6)


def seeded(n, k):
    return Generator(PCG64(SeedSequence(SEED))).permutation(n)[:k]


def classifier():
    return LogisticRegression(random_state=42, max_iter=1000)


def independent_embedding(model, tokenizer, text):
    return embed(model, [tokenizer.encode(text)[1]])[0]


def check_symbol_rows(split, texts, rows, used, model, tokenizer, replace):
    """Embeds the used sentences with non-plain characters independently; returns the rows where the lab differs."""
    differ = []
    for i in sorted(set(int(i) for i in used)):
        if not set(texts[i]) - PLAIN:
            continue
        reference = independent_embedding(model, tokenizer, texts[i])
        gap = float(np.abs(reference - rows[i]).max())
        if gap > 1e-4:
            differ.append(i)
            print(f"  {split}[{i}] differs by {gap:.4f}: {texts[i][:70]}")
            if replace:
                rows[i] = reference
    return differ


def limited_data(x_train, y_train, x_test, y_test):
    test = seeded(len(y_test), TASK2_TEST)
    rows = []
    for size in TASK2_SIZES:
        train = seeded(len(y_train), size)
        clf = classifier().fit(x_train[train], y_train[train])
        predicted = clf.predict(x_test[test])
        f1 = f1_score(y_test[test], predicted, average="weighted")
        rows.append({"train_size": size, "embedding_f1": r6(f1), "first_five_predicted": [int(p) for p in predicted[:5]]})
        print(f"Task 2  train {size:>4}: embedding F1 {f1:.4f}")
    return {"test_size": TASK2_TEST, "seed": SEED, "first_five_true": [int(y) for y in y_test[test][:5]], "rows": rows}


def failure_analysis(x_train, y_train, x_test, y_test, texts_test, edge_embeddings):
    train, test = seeded(len(y_train), TASK4_TRAIN), seeded(len(y_test), TASK4_TEST)
    clf = classifier().fit(x_train[train], y_train[train])
    predictions = clf.predict(x_test[test])
    probabilities = clf.predict_proba(x_test[test])
    errors = []
    for i in range(len(test)):
        if predictions[i] != y_test[test][i]:
            text = texts_test[test[i]]
            errors.append({"index": int(test[i]), "text": text, "true": int(y_test[test][i]), "predicted": int(predictions[i]),
                           "confidence": float(probabilities[i][predictions[i]]), "words": len(text.split())})
    correct_words = [len(texts_test[test[i]].split()) for i in range(len(test)) if predictions[i] == y_test[test][i]]
    accuracy = (len(test) - len(errors)) / len(test)
    high = [dict(e, confidence=r6(e["confidence"])) for e in errors if e["confidence"] > 0.7]
    edge_predictions = clf.predict(edge_embeddings)
    edge_probabilities = clf.predict_proba(edge_embeddings)
    edge = [{"category": c, "text": t, "expected": e, "predicted": int(p), "confidence": r6(q[p])}
            for (c, t, e), p, q in zip(EDGE_CASES, edge_predictions, edge_probabilities)]
    edge_accuracy = sum(e["expected"] == e["predicted"] for e in edge) / len(edge)
    result = {
        "train_size": TASK4_TRAIN,
        "test_size": TASK4_TEST,
        "accuracy": accuracy,
        "false_positives": sum(e["predicted"] == 1 for e in errors),
        "false_negatives": sum(e["predicted"] == 0 for e in errors),
        "closest_to_the_cut": r6(min((abs(e["confidence"] - 0.7) for e in errors), default=1)),
        "avg_error_words": r6(np.mean([e["words"] for e in errors]) if errors else 0),
        "avg_correct_words": r6(np.mean(correct_words) if correct_words else 0),
        "edge_accuracy": edge_accuracy,
        "high_confidence_errors": high,
        "edge_cases": edge,
    }
    print(f"Task 4  accuracy {accuracy:.1%}, FP {result['false_positives']}, FN {result['false_negatives']}, "
          f"{len(high)} high-confidence errors, words {result['avg_error_words']:.1f} (errors) vs "
          f"{result['avg_correct_words']:.1f} (correct), edge cases {edge_accuracy:.1%}, difference {accuracy - edge_accuracy:+.1%}")
    return result


def main(argv):
    folder = argv[0]
    replace = "--independent-symbols" in argv
    texts_train, y_train = load_split_texts("train")
    texts_test, y_test = load_split_texts("test")
    y_train, y_test = np.array(y_train), np.array(y_test)
    x_train = np.load(os.path.join(folder, "train.npy")).astype(np.float64)
    x_test = np.load(os.path.join(folder, "test.npy")).astype(np.float64)
    assert x_train.shape == (8530, 384) and x_test.shape == (1066, 384), (x_train.shape, x_test.shape)

    tokenizer = BertTokenizer(DEFAULT_VOCAB, max_length=256)
    model = OnnxNumpyModel(DEFAULT_MODEL)
    print("sentences with symbols the lab embeds differently from bert_tokenize + onnx_numpy:")
    differ = {
        "train": check_symbol_rows("train", texts_train, x_train, seeded(8530, max(TASK2_SIZES)), model, tokenizer, replace),
        "test": check_symbol_rows("test", texts_test, x_test, seeded(1066, TASK2_TEST), model, tokenizer, replace),
    }
    edge_embeddings = np.vstack([independent_embedding(model, tokenizer, t) for _, t, _ in EDGE_CASES])

    out = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "split_embeddings": "lab embed output, symbol rows re-embedded independently" if replace else "lab embed output",
        "lab_rows_that_differ": differ,
    }
    # Each list at the top level, so the fixture's diff shows which row changed.
    task2 = limited_data(x_train, y_train, x_test, y_test)
    out["limited_data_rows"] = task2.pop("rows")
    out["limited_data"] = task2
    task4 = failure_analysis(x_train, y_train, x_test, y_test, texts_test, edge_embeddings)
    out["high_confidence_errors"] = task4.pop("high_confidence_errors")
    out["edge_cases"] = task4.pop("edge_cases")
    out["failure_analysis"] = task4
    path = os.path.join(REPO, "LabApp.Tests", "Fixtures", "medium-tasks-2-4.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dump_rows(out))
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
