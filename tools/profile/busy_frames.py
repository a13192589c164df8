#!/usr/bin/env python3
"""Where a lab's threads were busy, from a dotnet-trace sampled-thread-time trace converted to speedscope.

    dotnet-trace collect -p N --profile dotnet-sampled-thread-time --duration 00:00:01:00 -o lab.nettrace
    dotnet-trace convert --format speedscope lab.nettrace -o lab
    python3 tools/profile/busy_frames.py lab.speedscope.json [--top 40] [--under RenderIntoBatch]

A sample whose innermost managed frames are a wait (a monitor, a semaphore, a sleep, the socket poll, the timer thread, the console's reads, an idle pool thread)
is left out, so the shares are of the samples of threads doing work. Prints the shares by kind of work (the first
matching frame, in the order of WORK below), then the top frames by inclusive share.
"""
import argparse
import collections
import json
import re

WAIT = re.compile(
    r"Monitor\.Wait|LowLevelLifoSemaphore\.Wait|LowLevelMonitor\.Wait|WaitHandle\.Wait|Thread\.Sleep|WaitForSocketEvents|"
    r"SocketAsyncEngine\.EventLoop|WaitOneNoCheck|WaitOneCore|WaitForSignal|TimerQueue\.TimerThread|ManualResetEventSlim\.Wait|"
    r"SemaphoreSlim\.Wait\b|Interop\+Sys\.Poll|PortableThreadPool\+GateThread|WaitSubsystem|Task\.SpinThenBlockingWait|"
    r"Task\.InternalWaitCore|Thread\.Join|EventPipe|DiagnosticServer|SpinWait|Console|ReadFile|Interop\+Sys\.Read\b|"
    r"Interop\+Sys\.Select|ThreadPoolWorkQueue\.Dispatch$")

WORK = [
    ("threads stopped for the GC", r"PollGC"),
    ("logistic-regression fits", r"LogisticRegression\.Fit|Lbfgs"),
    ("workbook saves", r"WorkbookStore"),
    ("the run log", r"RunLog"),
    ("other SQLite", r"Sqlite"),
    ("Plotly.Blazor serialization", r"Plotly\.Blazor"),
    ("rendering and diffing", r"RenderIntoBatch|RenderTreeDiffBuilder|ProcessRenderQueue"),
    ("ONNX and embeddings", r"OnnxRuntime|SentenceEmbedder|EmbedTexts"),
    ("SignalR, Kestrel and sockets", r"SignalR|Kestrel|Sockets|System\.Net\.WebSockets|Pipelines"),
    ("JS interop, other", r"JSInterop|JSRuntime"),
]


def samples(path):
    """(frame names, weight) of every busy sample; speedscope's evented profiles are replayed into stacks."""
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    for profile in data["profiles"]:
        if profile["type"] == "sampled":
            pairs = zip(profile["samples"], profile["weights"])
        else:
            pairs = replay(profile["events"])
        for stack, weight in pairs:
            names = [frames[i] for i in stack]
            managed = [n for n in names[-4:] if not n.startswith(("UNMANAGED_CODE_TIME", "CPU_TIME", "?"))]
            if names and not any(WAIT.search(n) for n in managed[-2:]):
                yield names, weight


def replay(events):
    stack, last = [], None
    for event in events:
        if last is not None and stack and event["at"] > last:
            yield list(stack), event["at"] - last
        last = event["at"]
        if event["type"] == "O":
            stack.append(event["frame"])
        else:
            while stack and stack.pop() != event["frame"]:
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("speedscope")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--under", help="only samples with a frame containing this text")
    args = parser.parse_args()
    work, inclusive, busy = collections.Counter(), collections.Counter(), 0.0
    for names, weight in samples(args.speedscope):
        if args.under and not any(args.under in n for n in names):
            continue
        busy += weight
        kind = next((k for k, pattern in WORK if any(re.search(pattern, n) for n in names)), "other")
        work[kind] += weight
        for name in set(names):
            inclusive[name] += weight
    print(f"busy samples' weight: {busy:.0f}")
    for kind, weight in work.most_common():
        print(f"{100 * weight / busy:5.1f} %  {kind}")
    print()
    for name, weight in inclusive.most_common(args.top):
        print(f"{100 * weight / busy:5.1f} %  {name[:160]}")


if __name__ == "__main__":
    main()
