#!/usr/bin/env python3
"""Per-search overhead of the Python package against the Rust library.

Both sides search the same index with the same queries (bench/queries.txt)
and the same options (the defaults: limit 10, expansion on): the Rust side is
the benchmark's query child (`examples/bench`, `SearchIndex::search` timed
in-process), the Python side `kavosh.Index.search` timed around the call.
Each query runs once to warm up, then RUNS rounds over all queries; a
query's time is its fastest run (the least disturbed by other processes),
and the overhead of a query is Python's time minus Rust's. The Rust child
runs before and after the Python rounds, and its faster time counts.

It also times reading every field of the 10 hits (what showing them costs
in Python), and the throughput of one thread against two threads
searching the same Index (the GIL is released while the library searches).

Run from the repository root, with the package installed in release
(`pip install ./python`) and the query child built:

    cargo build --release --example bench
    python bench/python_overhead.py [--corpus PATH…] [--runs 20]

The index is built into target/bench-python/ (`--work DIR`) unless it is
there already.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import kavosh

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "fa-news-langml"


def read_queries(path: Path) -> list[str]:
    """One query a line, blank lines and `#` comments skipped (as the Rust child)."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def rust_times(bench: Path, index: Path, queries: Path, runs: int) -> dict[str, float]:
    """The fastest run of each query in the Rust query child, in ms."""
    out = subprocess.run(
        [bench, "query", "--engine", "kavosh", "--dir", index, "--queries", queries, "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {q["query"]: min(q["ms"]) for q in json.loads(out)["queries"]}


def python_times(idx: kavosh.Index, queries: list[str], runs: int, read_hits: bool) -> dict[str, float]:
    """The fastest run of each query through `Index.search`, in ms."""

    def search(query: str) -> None:
        results = idx.search(query)
        results.total_hits  # noqa: B018 - what the Rust child reads too
        if read_hits:
            for hit in results.hits:
                (hit.rank, hit.score, hit.doc, hit.line, hit.title, hit.section, hit.text)  # noqa: B018
                (hit.snippet, hit.highlights, hit.snippet_highlights, hit.date, hit.lang)  # noqa: B018

    best = {}
    for query in queries:
        search(query)
        best[query] = float("inf")
    for _ in range(runs):
        for query in queries:
            started = time.perf_counter_ns()
            search(query)
            best[query] = min(best[query], (time.perf_counter_ns() - started) / 1e6)
    return best


def throughput(idx: kavosh.Index, queries: list[str], threads: int, rounds: int) -> float:
    """Searches per second with `threads` threads sharing `idx`."""
    work = queries * rounds
    parts = [work[i::threads] for i in range(threads)]

    def run(part: list[str]) -> None:
        for query in part:
            idx.search(query)

    pool = [threading.Thread(target=run, args=(part,)) for part in parts]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return len(work) / (time.perf_counter() - started)


def summary(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[int(0.9 * (len(values) - 1))]
    return f"median {statistics.median(values):.4f} · mean {statistics.fmean(values):.4f} · p90 {p90:.4f} · max {values[-1]:.4f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", type=Path, default=[DEFAULT_CORPUS], help="corpus folders or files")
    parser.add_argument("--work", type=Path, default=ROOT / "target" / "bench-python", help="where the index is built")
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "queries.txt")
    parser.add_argument("--runs", type=int, default=20, help="timed rounds over all queries")
    parser.add_argument("--bench", type=Path, default=ROOT / "target" / "release" / "examples" / "bench")
    args = parser.parse_args()

    if not args.bench.is_file():
        print(f"no query child at {args.bench}: run `cargo build --release --example bench`", file=sys.stderr)
        return 1
    index_dir = args.work / "index"
    try:
        idx = kavosh.Index.open(index_dir)
    except (kavosh.IndexNotFoundError, kavosh.IncompatibleIndexError):
        print(f"indexing {', '.join(map(str, args.corpus))} into {index_dir} …", file=sys.stderr)
        idx = kavosh.Index.open_or_create(index_dir)
        report = idx.index(args.corpus, rebuild=True)
        print(f"{report['passages']} passages in {report['elapsed']:.1f} s", file=sys.stderr)
    queries = read_queries(args.queries)

    print(f"timing {len(queries)} queries × {args.runs} runs …", file=sys.stderr)
    rust_before = rust_times(args.bench, index_dir, args.queries, args.runs)
    python = python_times(idx, queries, args.runs, read_hits=False)
    python_read = python_times(idx, queries, args.runs, read_hits=True)
    rust_after = rust_times(args.bench, index_dir, args.queries, args.runs)
    rust = {q: min(rust_before[q], rust_after[q]) for q in rust_before}

    overhead = [python[q] - rust[q] for q in queries]
    overhead_read = [python_read[q] - rust[q] for q in queries]
    stats = idx.stats()
    print(f"# Python binding overhead ({time.strftime('%Y-%m-%d')})\n")
    print(f"- index: {stats['passages']} passages, {stats['articles']} articles ({', '.join(p.name for p in args.corpus)})")
    print(f"- {len(queries)} queries ({args.queries.name}), default options (limit 10), fastest of {args.runs} runs each")
    print(f"- kavosh {kavosh.__version__}, Python {sys.version.split()[0]}\n")
    print("| per search, ms | " + " | ".join(["median", "mean", "p90", "max"]) + " |")
    print("|---|---|---|---|---|")
    for name, values in [
        ("Rust library", [rust[q] for q in queries]),
        ("Python `Index.search`", [python[q] for q in queries]),
        ("overhead (Python − Rust)", overhead),
        ("… and reading every field of the hits", overhead_read),
    ]:
        cells = summary(values).replace(" · ", " | ").replace("median ", "").replace("mean ", "")
        cells = cells.replace("p90 ", "").replace("max ", "")
        print(f"| {name} | {cells} |")
    one = throughput(idx, queries, 1, 3)
    two = throughput(idx, queries, 2, 3)
    print(f"\nthroughput: 1 thread {one:.0f} searches/s, 2 threads {two:.0f} searches/s (×{two / one:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
