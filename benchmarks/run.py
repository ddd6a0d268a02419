"""Benchmark `ercp-nlp tag` (1 and 2 jobs) against a lower-cased regex keyword pass (the floor).

Usage: python benchmarks/run.py   (from the repository root; takes a few minutes)

Each measurement runs as its own process; peak memory is the largest PSS summed over the process
tree (main process plus forked workers, shared pages counted once), sampled every 50 ms from /proc. Notes/s and words/s use wall time,
start-up and model loading included. The real notes are evaluation-only: this script reads
them to count words and to feed the tagger, and never prints or stores their text.
Writes benchmarks/results.md.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {  # name: (path, id column)
    "ERCP notes (synth test split)": (ROOT / "corpora" / "synth" / "test.jsonl", "note_id"),
    "MTSamples (real, mixed)": (ROOT.parent / "shared" / "real" / "mtsamples_all.jsonl", "id"),
}
CLI = str(Path(sys.executable).with_name("ercp-nlp"))

FLOOR = r'''
import json, re, sys
from ercp_nlp.pipeline.rules import default_rules
words = set()
for rule in default_rules("mentions"):
    if "literal" in rule:
        words.add(rule["literal"].lower())
    else:
        for spec in rule["pattern"]:
            for value in spec.values():
                if isinstance(value, dict) and "IN" in value:
                    words.update(w.lower() for w in value["IN"])
pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
hits = 0
with open(sys.argv[1], encoding="utf8") as fh:
    for line in fh:
        hits += sum(1 for _ in pattern.finditer(json.loads(line)["text"].lower()))
print(hits)
'''


def tree_rss(pid: int) -> int:
    """Proportional set size (shared pages split between sharers) of a process and its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, StopIteration):
            continue
    return total


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of a command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{cmd[0]} failed with exit code {proc.returncode}: {proc.stderr.read()[-500:]}")
    return seconds, peak


def counts(path: Path) -> tuple[int, int]:
    notes = words = 0
    with path.open(encoding="utf8") as fh:
        for line in fh:
            notes += 1
            words += len(json.loads(line)["text"].split())
    return notes, words


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    ram = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 2**20
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} available to this process), {cpu}, {ram:.1f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    rows, ratios = [], []
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps({"note_id": "1", "text": "Stones cleared with a balloon sweep."}) + "\n")
        cold, _ = measure([CLI, "tag", str(one), "-o", str(Path(tmp) / "one.out.jsonl"), "-q"])
        for name, (path, id_col) in CORPORA.items():
            if not path.is_file():
                print(f"skipping {name}: {path} is missing", file=sys.stderr)
                continue
            notes, words = counts(path)
            timings = {}
            for label, cmd in (
                ("regex keyword pass (floor)", [sys.executable, "-c", FLOOR, str(path)]),
                ("ercp-nlp tag, 1 job", [CLI, "tag", str(path), "-o", str(Path(tmp) / "out1.jsonl"), "-q", "-j", "1", "--id-col", id_col]),
                ("ercp-nlp tag, 2 jobs", [CLI, "tag", str(path), "-o", str(Path(tmp) / "out2.jsonl"), "-q", "-j", "2", "--id-col", id_col]),
            ):
                seconds, peak = measure(cmd)
                timings[label] = seconds
                rows.append((name, label, notes, seconds, notes / seconds, words / seconds, peak / 2**20))
                print(f"{name} | {label}: {seconds:.1f} s, {notes / seconds:.1f} notes/s, {peak / 2**20:.0f} MiB", file=sys.stderr)
            t1, t2, floor = timings["ercp-nlp tag, 1 job"], timings["ercp-nlp tag, 2 jobs"], timings["regex keyword pass (floor)"]
            ratios.append(f"- {name}: 2 jobs are {t1 / t2:.2f}x 1 job; 1 job takes {t1 / floor:.1f}x and 2 jobs "
                          f"{t2 / floor:.1f}x the regex floor's time.")
    lines = [
        "# Batch tagging benchmark",
        "",
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `python benchmarks/run.py` on: {machine()}.",
        "",
        "Wall time per process, start-up and model loading included; peak memory is PSS summed over",
        "the process tree (workers included, pages shared after fork counted once). The medspaCy baseline is not measured yet.",
        f"Load average at the start: {os.getloadavg()[0]:.1f} (other work on the machine skews the 2-job figures).",
        "",
        "| corpus | run | notes | seconds | notes/s | words/s | peak PSS (MiB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {c} | {r} | {n} | {s:.1f} | {ns:.1f} | {ws:,.0f} | {m:.0f} |" for c, r, n, s, ns, ws, m in rows]
    lines += ["", *ratios, f"- `ercp-nlp tag` on one note from a cold start: {cold:.2f} s.", ""]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
