"""Writes LabApp.Tests/Fixtures/minilm-test-split-rows.json: rows of the lab's own MiniLM embeddings of the test split as
the lab computed them before its runs went through the inference scheduler (commit f1a2308), so a change of threads,
batching or scheduling that moves any number shows up.

    git archive f1a2308 | tar -x -C /tmp/base && (cd /tmp/base && dotnet build LabApp.sln -c Release)
    LAB_MODELS_DIR=/tmp/empty-models dotnet /tmp/base/LabApp/bin/Release/net10.0/LabApp.dll embed --split test --out test.npy
    /usr/bin/python3 tools/reference/make_split_regression_fixture.py test.npy

An empty models folder makes the old lab embed the split itself rather than read a cache."""

import sys

import numpy as np

from fixture_json import dump_rows

STEP = 41

embeddings = np.load(sys.argv[1])
assert embeddings.shape == (1066, 384) and embeddings.dtype == np.float32
rows = list(range(0, len(embeddings), STEP))
fixture = {
    "source": "LabApp embed --split test at commit f1a2308 (MiniLM fp32, CPU, batches of 32 longest first)",
    "rows": rows,
    "embeddings": [[float(f"{v:.9g}") for v in embeddings[r]] for r in rows],
}
with open("LabApp.Tests/Fixtures/minilm-test-split-rows.json", "w", encoding="utf-8") as out:
    out.write(dump_rows(fixture))
