"""Each long headless command, and each one blocked on a FIFO, standard input, a full pipe or a retry wait, sent SIGTERM
or SIGINT 0.3, 1 or 2.5 s after it started; the reader then catches up 0.1 s later. Checks the exit code (143, 130),
that it stopped within a second, no stack trace, no unfinished file in the model cache and an intact embedding cache.

    dotnet build LabApp && cp -r models-warm /tmp/scratch-models && python3 tools/faults/signals.py /tmp/scratch-models [NAME ...]

The first command empties the scratch cache's embeddings so that the signal lands while it embeds.
"""
import glob, json, os, signal, sqlite3, subprocess, sys, time
from common import BIN, ENV, MODELS, SCRATCH

fifo = os.path.join(SCRATCH, "pipe.fifo"); os.mkfifo(fifo)
commands = {
    "embed train, cold cache": ["embed", "--split", "train", "--out", os.path.join(SCRATCH, "out.npy")],
    "embed to a FIFO no one reads": ["embed", "--split", "test", "--out", fifo],
    "run supervised": ["run", "supervised", "--json"],
    "run limited-data": ["run", "limited-data", "--test-size", "300"],
    "run limited-data over seeds": ["run", "limited-data", "--seeds", "42,0,1", "--test-size", "300"],
    "run failure-analysis": ["run", "failure-analysis"],
    "run checklist": ["run", "checklist"],
    "run custom-labels": ["run", "custom-labels"],
    "run confidence on a FIFO no one writes": ["run", "confidence", "--reviews-file", fifo],
    "compare": ["compare", "--a", "supervised --train-size 1000", "--b", "zero-shot", "--test-size", "300", "--json"],
    "tokenize on open standard input": ["tokenize"],
    "sample to a full pipe": ["sample", "--split", "train", "--take", "8530", "--json"],
    "run llm retrying a closed port": ["run", "llm", "--base-url", "http://127.0.0.1:1/v1", "--test-size", "3", "--yes"],
}
chosen = sys.argv[2:] or list(commands)

def left_behind():
    found = [f for f in glob.glob(f"{MODELS}/**/*", recursive=True) if f.endswith(".incomplete")]
    for cache in glob.glob(f"{MODELS}/embeddings/*.sqlite"):
        state = sqlite3.connect(cache).execute("pragma integrity_check").fetchone()[0]
        if state != "ok": found.append(f"{cache}: {state}")
    return found

results = []
for name in chosen:
    for sig, expected in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        for delay in (0.3, 1.0, 2.5):
            if name == "embed train, cold cache":
                for f in glob.glob(f"{MODELS}/embeddings/*"): os.remove(f)
            # A script's background job ignores SIGINT, and its children inherit that: give them the default back.
            process = subprocess.Popen([BIN] + commands[name], env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       cwd=SCRATCH, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            time.sleep(delay)
            sent = time.time(); finished_first = process.poll() is not None
            if not finished_first:
                process.send_signal(sig); time.sleep(0.1)
            try:
                _, error = process.communicate(timeout=10); seconds = time.time() - sent
            except subprocess.TimeoutExpired:
                process.kill(); _, error = process.communicate(); seconds = None
            error = error.decode("utf-8", "replace")
            problems = left_behind()
            ok = finished_first or (process.returncode == expected and seconds is not None and seconds < 1.1 and "   at " not in error)
            results.append(dict(command=name, signal=sig.name, after=delay, code=process.returncode, finished_first=finished_first,
                                seconds=None if seconds is None else round(seconds, 2), ok=ok and not problems, left_behind=problems))
            print(json.dumps(results[-1]), flush=True)
signalled = [r for r in results if not r["finished_first"]]
print(f"{len(results)} cases, {sum(r['ok'] for r in results)} ok, {len(results) - len(signalled)} finished before the signal, "
      f"slowest stop {max((r['seconds'] or 99) for r in signalled):.2f} s after the signal (0.1 s of it the reader's wait)", file=sys.stderr)
