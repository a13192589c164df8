"""Every headless command's options given hostile values; flags exit 134/139, a timeout, a stack trace or .NET wording,
an exit code other than 0, 1 or 2, and a failure of more than one line. Exit 0 rows are listed for reading by eye.

    dotnet build LabApp && cp -r models-warm /tmp/scratch-models && python3 tools/faults/options.py /tmp/scratch-models

Files are made and written only in a scratch folder, the out paths included.
"""
import json, os, re, shutil, subprocess, sys, time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from common import BIN, ENV, SCRATCH

def scratch(name, data):
    path = os.path.join(SCRATCH, name)
    with open(path, "wb") as f: f.write(data)
    return path

program = os.path.join(SCRATCH, "program"); shutil.copy("/bin/ls", program)
paths = ["", " ", SCRATCH, "/dev/null", "/dev/zero", "/dev/full", os.path.join(SCRATCH, "missing", "x"), "a\nb", "--json", "-", program,
         "/proc/self/status", scratch("not-utf8.txt", b"\xff\xfe bad\n"), scratch("suite.json", b'{"lexicons": 5}'),
         scratch("long-line.txt", b"x" * 200_000 + b"\n"), scratch("large.txt", b"a review of a film\n" * 1_500_000)]
nums = ["", "abc", "-1", "0", "1e3", "NaN", "99999999999999999999", "2147483648", "0x10", "1.5", "--json", " 5", "\u0663"]
texts = ["", " ", "\u200b", "a\nb", "--json", "x" * 5000, "\u00fc\x01", "-"]
urls = ["", "ftp://x", "http://", "http://127.0.0.1:1/v1", "not a url", "http://a b/", "http://127.0.0.1:1/v1\r\nX: y", "x" * 5000]
base = {
    "info": [], "sample": ["--take", "3"], "embed": ["--split", "test", "--out", "/dev/null"],
    "run supervised": ["--train-size", "100", "--test-size", "50"], "run centroid": ["--test-size", "50"],
    "run zero-shot": ["--test-size", "50"], "run custom-labels": [], "run confidence": [],
    "run limited-data": ["--train-size", "100", "--test-size", "50"], "run failure-analysis": ["--test-size", "50"],
    "run checklist": ["--max-cases", "3"], "compare": ["--a", "centroid", "--b", "zero-shot", "--test-size", "50"],
    "run llm": ["--base-url", "http://127.0.0.1:1/v1", "--test-size", "2"], "run generative": ["--test-size", "2"], "tokenize": [],
}
options = {
    "info": [("--models-dir", paths), ("--data-dir", paths), ("--hub-endpoint", urls)],
    "sample": [("--split", texts + ["train2"]), ("--seed", nums), ("--take", nums), ("--data-dir", paths)],
    "embed": [("--out", paths), ("--split", texts), ("--model", texts + ["mpnet"])],
    "run supervised": [("--train-size", nums), ("--test-size", nums), ("--seed", nums), ("--model", texts), ("--labels", texts)],
    "run centroid": [("--prompt", texts), ("--test-size", nums)],
    "run zero-shot": [("--labels", texts)],
    "run custom-labels": [("--labels", texts), ("--reviews-file", paths), ("--model", texts)],
    "run confidence": [("--threshold", nums), ("--measure", texts + ["MAX"]), ("--reviews-file", paths)],
    "run limited-data": [("--seeds", nums + ["42,,1", "42,42"]), ("--train-size", nums)],
    "run failure-analysis": [("--edge-cases-file", paths), ("--train-size", nums)],
    "run checklist": [("--suite-file", paths), ("--seed", nums), ("--max-cases", nums)],
    "compare": [("--log-path", paths), ("--a", texts + ["999", "supervised --train-size x"]), ("--seed", nums)],
    "run llm": [("--base-url", urls), ("--api-key", texts), ("--model", texts)],
    "run generative": [("--prompt", texts)],
    "tokenize": [("--model", texts + ["mpnet"])],
}
dotnet = re.compile(r"^\s+at \S+.*\(|Unhandled exception|Exception\b|\(Parameter '", re.M)
progress = ("embedding:", "classifying:", "answers:", "notice:")
estimate = re.compile(r"^\d+ reviews: \d+ answered from the cache")  # run llm's estimate before its "add --yes"

def one(command, option, value):
    args, given = [BIN] + command.split(), base[command]
    i = 0
    while i < len(given):
        if given[i] == option: i += 2; continue
        args.append(given[i]); i += 1
    args += [option, value]
    started = time.time()
    try:
        done = subprocess.run(args, env=ENV, input=b"a film\n", capture_output=True, timeout=180, cwd=SCRATCH)
        code, error = done.returncode, done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        code, error = "timeout", (e.stderr or b"").decode("utf-8", "replace")
    lines = [l for l in error.splitlines() if l.strip() and not l.startswith(progress) and not estimate.match(l)]
    flags = []
    if code in (134, 139, -6, -11, "timeout"): flags.append(f"exit {code}")
    if dotnet.search(error): flags.append(".NET wording")
    if code not in (0, 1, 2, "timeout"): flags.append(f"exit {code}")
    if code not in (0, "timeout") and len(lines) > 1: flags.append(f"{len(lines)} lines")
    return dict(command=command, option=option, value=value[:40], code=code, seconds=round(time.time() - started, 1), flags=flags, last=lines[-1:] )

cases = [(c, o, v) for c, listed in options.items() for o, values in listed for v in values]
with ThreadPoolExecutor(2) as pool:
    results = list(pool.map(lambda case: one(*case), cases))
for r in results:
    if r["flags"] or r["code"] == 0: print(json.dumps(r, ensure_ascii=False))
print(f"{len(results)} cases, exit codes {dict(Counter(str(r['code']) for r in results))}, flagged {sum(1 for r in results if r['flags'])}", file=sys.stderr)
