#!/usr/bin/env python3
"""Soak test of kavosh (run by bench/soak.sh; not part of CI).

For DURATION seconds, SEARCHERS threads each run `kavosh search` processes
one after another, while the main thread keeps changing the corpus (adds,
changes and removes files, some of it while an index run is reading) and
runs `kavosh index` on it, killing it with SIGKILL at random moments in
about KILL_RATE of the runs.

Every paragraph of the corpus is a pure function of (file, version,
paragraph), and says which in its words («سند 12 نسخه 3 بند 4»), so every
hit is checked against the source: its text must equal the paragraph it
names, its file and line must be where that paragraph stands in that
version, and the hits for one file must all come from one version and
include all its paragraphs (a commit is all or nothing). At the end, the
index must equal a fresh `--rebuild` of the final corpus, passage for
passage, and pass `kavosh check --deep`.

Prints the counts; exits 1 if any search failed or any check did not hold.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

WORDS = [
    "همکاری", "اقتصادی", "روسیه", "ایران", "دریای", "خزر", "نیروگاه", "بوشهر",
    "کشتیرانی", "بندر", "انزلی", "آستاراخان", "تجارت", "انرژی", "قرارداد",
    "مذاکرات", "کشورهای", "منطقه", "امنیت", "سیاست", "Caspian", "trade",
]
COMMON = "کاوشگر"  # in every paragraph: a query that finds them all
MARK = re.compile(r"سند (\d+) نسخه (\d+) بند (\d+)")


def paragraphs(f, v):
    """The paragraphs of file f in version v."""
    rng = random.Random(f * 100_003 + v)
    count = 2 + rng.randrange(6)
    out = []
    for p in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(8 + rng.randrange(25)))
        out.append(f"{COMMON} سند {f} نسخه {v} بند {p} درباره {words}.")
    return out


def content(f, v):
    """The file: paragraphs one per line with blank lines between them."""
    return "\n\n".join(paragraphs(f, v)) + "\n"


def line_of(p):
    return 2 * p + 1


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.searches = 0
        self.hits_checked = 0
        self.failed = 0
        self.mismatches = 0
        self.torn = 0
        self.examples = []

    def bad(self, kind, what):
        with self.lock:
            setattr(self, kind, getattr(self, kind) + 1)
            if len(self.examples) < 10:
                self.examples.append(f"{kind}: {what}")


def search(kavosh, index, query, limit=200):
    return subprocess.run(
        [kavosh, "search", query, "--index", index, "--format", "json",
         "--no-expand", "--limit", str(limit)],
        capture_output=True, text=True, timeout=120,
    )


def check_hits(results, counts, want_file=None):
    """Every hit is the source paragraph it names; for one file, one version, all paragraphs."""
    versions = set()
    seen = set()
    for hit in results["hits"]:
        m = MARK.search(hit["text"])
        if not m:
            counts.bad("mismatches", f"hit without a mark: {hit['text'][:80]}")
            continue
        f, v, p = (int(x) for x in m.groups())
        expected = paragraphs(f, v)
        ok = (
            p < len(expected)
            and hit["text"] == expected[p]
            and hit["doc"] == f"doc-{f:03}.txt"
            and hit["line"] == line_of(p)
        )
        if not ok:
            counts.bad("mismatches", f"{hit['doc']}:{hit['line']} {hit['text'][:80]}")
        if want_file is not None and f == want_file:
            versions.add(v)
            seen.add(p)
        with counts.lock:
            counts.hits_checked += 1
    if want_file is not None and versions:
        if len(versions) > 1:
            counts.bad("torn", f"file {want_file}: versions {sorted(versions)} in one search")
        else:
            (v,) = versions
            if seen != set(range(len(paragraphs(want_file, v)))):
                counts.bad("torn", f"file {want_file} v{v}: paragraphs {sorted(seen)}")


def searcher(kavosh, index, files, stop, counts, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        if rng.random() < 0.8:
            f = rng.randrange(files)
            query, want = f'"سند {f}"', f
        else:
            query, want = " ".join(rng.sample(WORDS, 2)), None
        out = search(kavosh, index, query)
        with counts.lock:
            counts.searches += 1
        if out.returncode != 0:
            counts.bad("failed", f"{query}: exit {out.returncode}: {out.stderr.strip()[:200]}")
            continue
        try:
            results = json.loads(out.stdout)
        except ValueError:
            counts.bad("failed", f"{query}: not JSON: {out.stdout[:200]}")
            continue
        check_hits(results, counts, want)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kavosh", default="target/release/kavosh")
    ap.add_argument("--duration", type=float, default=300)
    ap.add_argument("--searchers", type=int, default=3)
    ap.add_argument("--files", type=int, default=60, help="file ids in use")
    ap.add_argument("--kill-rate", type=float, default=0.4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = ap.parse_args()
    kavosh = os.path.abspath(args.kavosh)
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="kavosh-soak-")
    corpus, index = os.path.join(work, "corpus"), os.path.join(work, "index")
    os.makedirs(corpus)
    version = {}  # file id -> version on disk

    def write(f, v):
        path = os.path.join(corpus, f"doc-{f:03}.txt")
        with open(path, "w", encoding="utf-8") as out:
            out.write(content(f, v))
        version[f] = v

    def remove(f):
        os.remove(os.path.join(corpus, f"doc-{f:03}.txt"))
        del version[f]

    def mutate(n):
        for _ in range(n):
            f = rng.randrange(args.files)
            r = rng.random()
            if f not in version:
                write(f, 0)
            elif r < 0.6:
                write(f, version[f] + 1)
            else:
                remove(f)

    for f in range(args.files // 2):
        write(f, 0)
    first = subprocess.run([kavosh, "index", corpus, "--index", index, "--quiet"],
                           capture_output=True, text=True)
    if first.returncode != 0:
        sys.exit(f"first index run failed: {first.stderr}")

    counts = Counts()
    stop = threading.Event()
    threads = [
        threading.Thread(target=searcher, args=(kavosh, index, args.files, stop, counts, args.seed + i))
        for i in range(args.searchers)
    ]
    for t in threads:
        t.start()

    runs = kills = run_failures = 0
    run_errors = []
    deadline = time.time() + args.duration
    while time.time() < deadline:
        mutate(1 + rng.randrange(6))
        proc = subprocess.Popen([kavosh, "index", corpus, "--index", index, "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        runs += 1
        killed = False
        if rng.random() < args.kill_rate:
            time.sleep(rng.random() * 0.4)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed = True
                kills += 1
        elif rng.random() < 0.5:
            # Change the corpus while the run reads it.
            time.sleep(rng.random() * 0.05)
            mutate(1 + rng.randrange(3))
        _, err = proc.communicate()
        if not killed and proc.returncode != 0:
            run_failures += 1
            run_errors.append(err.strip()[:300])
        time.sleep(rng.random() * 0.2)

    stop.set()
    for t in threads:
        t.join()

    # The final index: a run to completion, then compare with a fresh rebuild.
    final_runs = 0
    while True:
        final_runs += 1
        out = subprocess.run([kavosh, "index", corpus, "--index", index, "--format", "json", "--quiet"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"final index run failed: {out.stderr}")
        report = json.loads(out.stdout)
        if not report["committed"] or final_runs > 3:
            break
    fresh = os.path.join(work, "fresh")
    out = subprocess.run([kavosh, "index", corpus, "--index", fresh, "--rebuild", "--quiet"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"rebuild failed: {out.stderr}")

    def everything(ix):
        out = search(kavosh, ix, COMMON, limit=10000)
        hits = json.loads(out.stdout)["hits"]
        return sorted((h["doc"], h["line"], h["text"]) for h in hits)

    soaked, rebuilt = everything(index), everything(fresh)
    expected = sorted(
        (f"doc-{f:03}.txt", line_of(p), text)
        for f, v in version.items()
        for p, text in enumerate(paragraphs(f, v))
    )
    final_equal = soaked == rebuilt == expected
    if not final_equal:
        for name, got in (("soaked", soaked), ("rebuilt", rebuilt)):
            extra, missing = set(got) - set(expected), set(expected) - set(got)
            print(f"{name}: {len(got)} passages, {len(extra)} unexpected, {len(missing)} missing")
            for item in sorted(extra)[:3]:
                print(f"  unexpected {item[0]}:{item[1]} {item[2][:60]}")
            for item in sorted(missing)[:3]:
                print(f"  missing {item[0]}:{item[1]} {item[2][:60]}")
    stats = [json.loads(subprocess.run([kavosh, "stats", "--index", ix, "--format", "json"],
                                       capture_output=True, text=True).stdout) for ix in (index, fresh)]
    same_stats = all(stats[0][k] == stats[1][k] for k in ("files", "articles", "passages", "languages"))
    deep = subprocess.run([kavosh, "check", "--index", index, "--deep"], capture_output=True, text=True)

    print(f"duration            {args.duration:.0f} s, {args.searchers} searching threads (one process per search)")
    print(f"searches            {counts.searches} ({counts.failed} failed)")
    print(f"hits checked        {counts.hits_checked} ({counts.mismatches} mismatches, {counts.torn} torn commits seen)")
    print(f"index runs          {runs} ({kills} killed with SIGKILL, {run_failures} failed otherwise)")
    print(f"final               {len(version)} files, {stats[0]['passages']} passages; "
          f"equal to a fresh rebuild: {final_equal and same_stats}; check --deep: "
          f"{'healthy' if deep.returncode == 0 else 'NOT healthy'}")
    for example in counts.examples:
        print("  " + example)
    for error in run_errors[:5]:
        print("  index run: " + error)
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work)
    ok = (counts.failed == 0 and counts.mismatches == 0 and counts.torn == 0 and run_failures == 0
          and final_equal and same_stats and deep.returncode == 0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
