"""Produces LabApp.Tests/Fixtures/sklearn-minilm-parity.json: scikit-learn's LogisticRegression (the book's call,
defaults) fitted on the lab's own MiniLM embeddings of the train split, and its probabilities on the test split.

Make the embeddings first, then run:
    dotnet run --project LabApp -- embed --split train --out /tmp/emb/train.npy --data-dir ../shared/data
    dotnet run --project LabApp -- embed --split test --out /tmp/emb/test.npy --data-dir ../shared/data
    /usr/bin/python3 tools/reference/make_minilm_parity_fixture.py /tmp/emb
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report
from sklearn.metrics.pairwise import cosine_similarity

folder = sys.argv[1]
x_train = np.load(f"{folder}/train.npy")
x_test = np.load(f"{folder}/test.npy")
# The hub's row order: per split all positives, then all negatives.
y_train = np.array([1] * 4265 + [0] * 4265)
y_test = np.array([1] * 533 + [0] * 533)
names = ["Negative Review", "Positive Review"]

clf = LogisticRegression(random_state=42).fit(x_train, y_train)
probabilities = clf.predict_proba(x_test)[:, 1]
predictions = clf.predict(x_test)

centroids = np.stack([np.mean(x_train[y_train == label], axis=0) for label in [0, 1]])
centroid_predictions = np.argmax(cosine_similarity(x_test, centroids), axis=1)

json.dump(
    {
        "sklearn_version": sklearn.__version__,
        "n_iter": int(clf.n_iter_[0]),
        "positive_probability": [round(float(p), 8) for p in probabilities],
        "predicted": [int(p) for p in predictions],
        "report": classification_report(y_test, predictions, target_names=names),
        "centroid_predicted": [int(p) for p in centroid_predictions],
        "centroid_report": classification_report(y_test, centroid_predictions, target_names=names),
    },
    open("LabApp.Tests/Fixtures/sklearn-minilm-parity.json", "w"),
    indent=1,
)
