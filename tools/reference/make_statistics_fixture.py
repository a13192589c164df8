"""Selective prediction, calibration, temperature scaling, McNemar's test and the paired bootstrap computed with
numpy, scikit-learn, SciPy and statsmodels, as the reference for LabApp.Core/Evaluation.

Produces: LabApp.Tests/Fixtures/statistics.json
Run:      dotnet run --project LabApp -- run supervised --json > /tmp/stats/supervised.json   (the whole test split)
          dotnet run --project LabApp -- run zero-shot --json > /tmp/stats/zero-shot.json
          /usr/bin/python3 tools/reference/make_statistics_fixture.py /tmp/stats
          (Debian's python3-numpy 1.24, python3-sklearn 1.2, python3-scipy 1.10, python3-statsmodels 0.13)

Synthetic inputs come from numpy's default_rng(2024), so a rerun rewrites the same file. The real inputs are the lab's
own MiniLM test-split probabilities and similarities (the lab's numbers are checked against scikit-learn elsewhere):
the same inputs on both sides, so every statistic must agree to 1e-9.

What each number is:
- selective: sort by confidence descending, ties by test index (np.lexsort); coverage k/n, risk = errors in the first
  k / k; AURC = mean risk; E-AURC = AURC - (r + (1 - r) ln(1 - r)); accuracy at 80 % = 1 - risk at k = ceil(0.8 n).
  The logistic regression's confidence is its predicted class's probability, zero-shot's the top-1 - top-2 margin.
- calibration: sklearn.calibration.calibration_curve(y, p, n_bins=10, strategy="uniform") and brier_score_loss(y, p);
  ECE and MCE top-label over the same 10 bins (numpy.searchsorted as calibration_curve bins).
- temperature: T minimising the mean NLL of sigmoid(z / T): scipy.optimize.brentq on the derivative in 1/T (the NLL
  is convex there), checked against scipy.optimize.minimize_scalar of the NLL over log T.
- mcnemar: statsmodels.stats.contingency_tables.mcnemar(table, exact=True) and (exact=False, correction=True).
- bootstrap: numpy default_rng(seed).integers(0, n, size=(B, n)); per row mean(a[idx] - b[idx]);
  numpy.percentile(..., [2.5, 97.5]).
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy.optimize import brentq, minimize_scalar
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss
from statsmodels.stats.contingency_tables import mcnemar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump_rows  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(REPO, "LabApp.Tests", "Fixtures", "statistics.json")
BOOTSTRAP_RESAMPLES = 2000


def selective(confidence, correct, index):
    confidence, correct, index = np.asarray(confidence, float), np.asarray(correct, bool), np.asarray(index)
    n = len(confidence)
    order = np.lexsort((index, -confidence))
    errors = np.cumsum(~correct[order])
    k = np.arange(1, n + 1)
    risk = errors / k
    aurc = float(risk.mean())
    r = float(errors[-1] / n)
    optimal = r + (1 - r) * math.log(1 - r) if r < 1 else 1.0
    at80 = -(-4 * n // 5)
    return {"aurc": aurc, "e_aurc": aurc - optimal, "accuracy_at_80": float(1 - risk[at80 - 1]),
            "coverage": (k / n).tolist(), "risk": risk.tolist()}


def calibration(y, p):
    y, p = np.asarray(y), np.asarray(p, float)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    edges = np.linspace(0.0, 1.0, 11)
    ids = np.searchsorted(edges[1:-1], p)
    counts = np.bincount(ids, minlength=10)
    occupied = np.nonzero(counts)[0]
    bins = [{"lower": float(edges[b]), "upper": float(edges[b + 1]), "count": int(counts[b]),
             "mean_predicted": float(mp), "fraction_positive": float(fp)}
            for b, mp, fp in zip(occupied, prob_pred, prob_true)]
    negative = 1 - p
    predicted = (p > negative).astype(int)
    top = np.maximum(p, negative)
    top_ids = np.searchsorted(edges[1:-1], top)
    ece, mce = 0.0, 0.0
    for b in range(10):
        members = top_ids == b
        if not members.any():
            continue
        gap = abs(float((predicted[members] == y[members]).mean()) - float(top[members].mean()))
        ece += members.sum() / len(p) * gap
        mce = max(mce, gap)
    return {"bins": bins, "ece": ece, "mce": mce, "brier": float(brier_score_loss(y, p))}


def nll(z, y, t):
    s = np.where(y == 1, 1.0, -1.0)
    return float(np.logaddexp(0, -s * z / t).mean())


def temperature(z, y):
    z, y = np.asarray(z, float), np.asarray(y)
    s = np.where(y == 1, 1.0, -1.0)

    def slope(beta):
        m = s * z
        return float((-m * scipy.special.expit(-m * beta)).mean())

    beta = brentq(slope, 1e-4, 1e4, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    t = 1 / beta
    by_value = minimize_scalar(lambda log_t: nll(z, y, math.exp(log_t)), bracket=(-3, 3), method="brent", tol=1e-12)
    assert abs(math.exp(by_value.x) - t) < 1e-6 * t, (math.exp(by_value.x), t)
    return {"temperature": t, "nll_before": nll(z, y, 1.0), "nll_after": nll(z, y, t)}


def mcnemar_of(only_a, only_b):
    table = [[0, only_a], [only_b, 0]]
    exact = mcnemar(table, exact=True)
    row = {"only_a": only_a, "only_b": only_b, "exact_p": float(exact.pvalue)}
    if only_a + only_b > 0:
        chi = mcnemar(table, exact=False, correction=True)
        row["chi2"], row["chi2_p"] = float(chi.statistic), float(chi.pvalue)
    else:
        row["chi2"], row["chi2_p"] = None, None
    return row


def bootstrap(a, b, seed, resamples):
    gap = np.asarray(a, int) - np.asarray(b, int)
    n = len(gap)
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    differences = gap[idx].sum(axis=1) / n
    low, high = np.percentile(differences, [2.5, 97.5])
    return {"seed": seed, "resamples": resamples, "difference": float(gap.sum() / n), "low": float(low), "high": float(high)}


def synthetic():
    rng = np.random.default_rng(2024)
    n = 400
    confidence = np.round(rng.uniform(0.5, 1.0, n), 2)  # rounded: many ties, so the test-index order matters
    correct = rng.uniform(size=n) < confidence
    index = rng.permutation(n)
    p = rng.beta(0.6, 0.6, n)
    p[:6] = [0.0, 0.1, 3 * 0.1, 0.5, 0.9, 1.0]  # values on the bin edges: each bin holds its upper edge
    y = (rng.uniform(size=n) < p ** 1.3).astype(int)
    z = rng.normal(0, 3, n)
    yz = (rng.uniform(size=n) < scipy.special.expit(z / 1.7)).astype(int)
    a = rng.uniform(size=300) < 0.82
    b = rng.uniform(size=300) < 0.74
    draws = {str(high): np.random.default_rng(11).integers(0, high, size=40).tolist() for high in (2, 7, 1066, 2_000_000_000)}
    return {
        "selective_input": {"confidence": confidence.tolist(), "correct": correct.tolist(), "index": index.tolist()},
        "selective": selective(confidence, correct, index),
        "selective_all_wrong": selective(confidence[:10], np.zeros(10, bool), index[:10]),
        "calibration_input": {"truth": y.tolist(), "positive": p.tolist()},
        "calibration": calibration(y, p),
        "temperature_input": {"logits": z.tolist(), "truth": yz.tolist()},
        "temperature": temperature(z, yz),
        "mcnemar": [mcnemar_of(x, w) for x, w in [(0, 0), (0, 1), (3, 7), (5, 0), (12, 30), (100, 100), (200, 260), (400, 20)]],
        "bootstrap_input": {"a": a.tolist(), "b": b.tolist()},
        "bootstrap": bootstrap(a, b, 7, BOOTSTRAP_RESAMPLES),
        "integers_seed_11": draws,
    }


def real(folder):
    with open(os.path.join(folder, "supervised.json"), encoding="utf-8") as f:
        supervised = json.load(f)["predictions"]
    with open(os.path.join(folder, "zero-shot.json"), encoding="utf-8") as f:
        zero_shot = json.load(f)["predictions"]
    truth = np.array([p["true"] for p in supervised])
    index = np.array([p["index"] for p in supervised])
    scores = np.array([p["scores"] for p in supervised])
    right_lr = np.array([p["true"] == p["predicted"] for p in supervised])
    similarities = np.sort(np.array([p["scores"] for p in zero_shot]), axis=1)
    right_zs = np.array([p["true"] == p["predicted"] for p in zero_shot])
    assert [p["index"] for p in zero_shot] == index.tolist()
    both = int((right_lr & right_zs).sum())
    only_a, only_b = int((right_lr & ~right_zs).sum()), int((~right_lr & right_zs).sum())
    lr_selective = selective(scores.max(axis=1), right_lr, index)
    zs_selective = selective(similarities[:, -1] - similarities[:, -2], right_zs, index)
    for s in (lr_selective, zs_selective):
        del s["coverage"], s["risk"]
    return {
        "minilm_test_supervised": {"selective": lr_selective, "calibration": calibration(truth, scores[:, 1])},
        "minilm_test_zero_shot": {"selective": zs_selective},
        "minilm_test_comparison": {"both_right": both, "only_a": only_a, "only_b": only_b,
                                   "both_wrong": len(truth) - both - only_a - only_b,
                                   **mcnemar_of(only_a, only_b), **bootstrap(right_lr, right_zs, 42, 10_000)},
    }


def main():
    fixture = {"versions": f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__}"}
    fixture.update(synthetic())
    if len(sys.argv) > 1:
        fixture.update(real(sys.argv[1]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dump_rows(fixture))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
