"""Writes the scikit-learn reference fixtures that LabApp.Tests compares against.

Run from the repository root with Debian's Python (scikit-learn 1.2.1, NumPy 1.24, SciPy 1.10):

    /usr/bin/python3 tools/reference/make_sklearn_fixtures.py

The tests never run Python: they read the JSON files this script writes to LabApp.Tests/Fixtures/.
Feature matrices are stored as base64 of little-endian float32 so that C# reads exactly the values
scikit-learn was fitted on (a decimal text round trip could move a float32 by one ulp).
"""

import base64
import json
import pathlib
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.utils.multiclass import unique_labels

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "LabApp.Tests" / "Fixtures"


def versions():
    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}


def embedding_like(rng, count, dimension, class_count, separation):
    """Unit-norm rows that share a common direction and low-rank noise, like sentence embeddings,
    with class means that overlap so the classifier is far from perfect."""
    common = rng.normal(size=dimension)
    common /= np.linalg.norm(common)
    basis = rng.normal(size=(dimension, dimension)) * (0.9 ** np.arange(dimension) * 0.5 + 0.05)
    means = rng.normal(size=(class_count, dimension))
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    y = rng.integers(0, class_count, size=count)
    x = 1.5 * common + separation * means[y] + rng.normal(size=(count, dimension)) @ basis.T / np.sqrt(dimension) * 3
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), y


def float32_base64(x):
    return base64.b64encode(np.ascontiguousarray(x, dtype="<f4").tobytes()).decode("ascii")


def fit_record(x_train, y_train, x_test, c, max_iter):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model = LogisticRegression(C=c, max_iter=max_iter).fit(x_train, y_train)
    return {
        "c": c,
        "max_iter": max_iter,
        "tol": model.tol,
        "n_iter": int(model.n_iter_[0]),
        "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "classes": model.classes_.tolist(),
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "predict_proba": model.predict_proba(x_test).tolist(),
        "predict": model.predict(x_test).tolist(),
    }


def logistic_fixture(name, seed, train_count, test_count, dimension, class_labels, separation, fits):
    rng = np.random.default_rng(seed)
    x, y_index = embedding_like(rng, train_count + test_count, dimension, len(class_labels), separation)
    y = np.asarray(class_labels)[y_index]
    x_train, y_train, x_test = x[:train_count], y[:train_count], x[train_count:]
    fixture = {
        "generator": "tools/reference/make_sklearn_fixtures.py",
        "versions": versions(),
        "dimension": dimension,
        "x_train": float32_base64(x_train),
        "y_train": y_train.tolist(),
        "x_test": float32_base64(x_test),
        "fits": [fit_record(x_train, y_train, x_test, c, max_iter) for c, max_iter in fits],
    }
    write(name, fixture)
    for fit in fixture["fits"]:
        print(f"{name}: C={fit['c']} max_iter={fit['max_iter']} n_iter={fit['n_iter']} converged={fit['converged']}")


def report_case(name, y_true, y_pred, target_names=None, digits=2):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    labels = unique_labels(y_true, y_pred)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero division warns; the values (0.0) are what we test
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None)
        averages = {
            average: list(precision_recall_fscore_support(y_true, y_pred, average=average)[:3])
            for average in ("macro", "weighted")
        }
        case = {
            "name": name,
            "y_true": y_true.tolist(),
            "y_pred": y_pred.tolist(),
            "target_names": target_names,
            "digits": digits,
            "labels": labels.tolist(),
            "precision": p.tolist(),
            "recall": r.tolist(),
            "f1": f.tolist(),
            "support": s.tolist(),
            "accuracy": accuracy_score(y_true, y_pred),
            "macro": [float(v) for v in averages["macro"]],
            "weighted": [float(v) for v in averages["weighted"]],
            "f1_macro": f1_score(y_true, y_pred, average="macro"),
            "f1_weighted": f1_score(y_true, y_pred, average="weighted"),
            "confusion_matrix": confusion_matrix(y_true, y_pred).tolist(),
            "report": classification_report(y_true, y_pred, target_names=target_names, digits=digits),
        }
        if len(labels) <= 2:
            case["f1_binary"] = f1_score(y_true, y_pred)
    return case


def noisy_predictions(rng, y_true, labels, accuracy):
    y_pred = y_true.copy()
    wrong = rng.random(len(y_true)) > accuracy
    y_pred[wrong] = rng.choice(labels, size=wrong.sum())
    return y_pred


def counts_to_pairs(confusion):
    """Rows of (true, predicted) pairs realising a confusion matrix given as {(true, predicted): count}."""
    pairs = [(t, p) for (t, p), n in confusion.items() for _ in range(n)]
    return [t for t, _ in pairs], [p for _, p in pairs]


def has_tie(values, digits):
    # An exact binary tie: value * 10**digits ends in .5 exactly, so rounding mode decides the last digit.
    from fractions import Fraction

    return any((Fraction(v) * 10**digits).denominator == 2 for v in values)


def report_fixture():
    rng = np.random.default_rng(11)
    cases = []

    y = rng.integers(0, 2, size=1066)
    cases.append(report_case("binary reviews", y, noisy_predictions(rng, y, [0, 1], 0.6), ["Negative Review", "Positive Review"]))

    y = rng.integers(0, 5, size=500)
    emotions = ["sadness", "joy", "love", "anger", "fear"]
    cases.append(report_case("five emotions", y, noisy_predictions(rng, y, np.arange(5), 0.5), emotions))
    cases.append(report_case("five emotions, digits 4", y, noisy_predictions(rng, y, np.arange(5), 0.5), emotions, digits=4))

    y = rng.integers(0, 4, size=120)
    y_pred = noisy_predictions(rng, y, [0, 1, 3], 0.4)
    y_pred[y_pred == 2] = 3  # class 2 is never predicted: precision 0/0
    cases.append(report_case("never predicted", y, y_pred, ["alpha", "beta", "gamma", "delta"]))

    y_true, y_pred = counts_to_pairs({(0, 0): 5, (0, 1): 2, (1, 1): 3, (1, 2): 1})
    cases.append(report_case("predicted but never true, default names", y_true, y_pred))

    y = rng.choice([-1, 1], size=40)
    cases.append(report_case("negative label, default names", y, noisy_predictions(rng, y, [-1, 1], 0.5), digits=3))

    y = rng.integers(0, 3, size=90)
    long_names = ["a target name much longer than weighted avg", "short 🙂", "médium-länge Ünïcode"]
    cases.append(report_case("long names", y, noisy_predictions(rng, y, np.arange(3), 0.5), long_names))

    # Precision 1/8, recall 3/8, 5/8, 7/8: exact binary ties at the second decimal.
    ties = {(0, 0): 1, (1, 0): 7, (0, 1): 1, (0, 2): 1, (1, 1): 5, (2, 2): 7, (2, 1): 1, (3, 3): 3, (3, 2): 5}
    y_true, y_pred = counts_to_pairs(ties)
    tie_case = report_case("exact ties", y_true, y_pred, ["w", "x", "y", "z"])
    assert has_tie(tie_case["precision"] + tie_case["recall"] + tie_case["f1"], 2), "the tie case lost its ties"
    cases.append(tie_case)

    y = rng.integers(0, 10, size=300)
    cases.append(report_case("ten classes", y, noisy_predictions(rng, y, np.arange(10), 0.3), [f"class {i}" for i in range(10)]))

    write("sklearn_classification_reports.json", {"generator": "tools/reference/make_sklearn_fixtures.py", "versions": versions(), "cases": cases})
    ties_found = [c["name"] for c in cases if has_tie(c["precision"] + c["recall"] + c["f1"] + c["macro"] + c["weighted"], c["digits"])]
    print("report cases with exact ties:", ties_found)


def write(name, value):
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / name).write_text(json.dumps(value, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    logistic_fixture(
        "sklearn_logistic_binary.json", seed=20240601, train_count=400, test_count=100, dimension=64,
        class_labels=[0, 1], separation=0.25, fits=[(1.0, 100), (0.1, 100), (10.0, 100), (1.0, 5)],
    )
    logistic_fixture(
        "sklearn_logistic_multinomial.json", seed=20240602, train_count=400, test_count=100, dimension=64,
        class_labels=[1, 2, 5, 9], separation=0.45, fits=[(1.0, 100), (10.0, 100), (1.0, 5)],
    )
    report_fixture()
