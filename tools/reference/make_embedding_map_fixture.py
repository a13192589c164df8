"""The embedding map's two axes computed by scikit-learn's PCA, as the reference for the lab's map of the test split.

Produces: LabApp.Tests/Fixtures/minilm-test-pca.json
Run:      dotnet run --project LabApp -- embed --split test --out /tmp/emb/test.npy --data-dir ../shared/data
          /usr/bin/python3 tools/reference/make_embedding_map_fixture.py /tmp/emb/test.npy
          (numpy 1.24, scikit-learn 1.2)

The embeddings are the lab's `embed` output (checked elsewhere against an independent numpy run of the model); what is
independent here is the PCA: scikit-learn's PCA(n_components=2, svd_solver="full") on the float64 embeddings (its
default solver for this shape is randomized, an approximation). Each component's sign is then fixed so that its entry
of largest magnitude is positive, the rule of svd_flip(u_based_decision=False) that scikit-learn's PCA uses since 1.5
(1.2 decides by U's columns instead), and the coordinates follow their component's sign.
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump_rows  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "LabApp.Tests", "Fixtures", "minilm-test-pca.json")


def main(path):
    x = np.load(path).astype(np.float64)
    pca = PCA(n_components=2, svd_solver="full")
    coordinates = pca.fit_transform(x)
    components = pca.components_.copy()
    for a in range(2):
        sign = np.sign(components[a, np.argmax(np.abs(components[a]))])
        components[a] *= sign
        coordinates[:, a] *= sign
    fixture = {
        "sklearn": sklearn.__version__,
        "rows": int(x.shape[0]),
        "dimension": int(x.shape[1]),
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "component_first_entries": components[:, :5].tolist(),
        "coordinates": [[float(a), float(b)] for a, b in coordinates],
    }
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dump_rows(fixture))
    print(f"wrote {OUT}: explained variance ratio {pca.explained_variance_ratio_}")


if __name__ == "__main__":
    main(sys.argv[1])
