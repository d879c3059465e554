#!/usr/bin/env bash
# Builds kavosh and the benchmark in release and runs the whole benchmark:
# indexing (plain tantivy and kavosh, each in its own process), query latency
# in-process and as whole `kavosh search` processes; whole processes against
# `rg` and against a plain tantivy program (and, with --scale, the scale run). The Markdown report goes
# to stdout and to bench/results/LAST.md; progress goes to stderr.
#
#   bench/run.sh                                   # the default corpora (41 MB)
#   bench/run.sh --repeat 3                        # three rounds: medians and ranges
#   bench/run.sh --corpus ../shared/corpora        # the in-process sides over all corpora (≈ 120 MB)
#   bench/run.sh --only-process --scale            # whole processes only: search against rg,
#                                                  # kavosh index against plain tantivy, the scale
#                                                  # run (all corpora and ×5, ≈ 700 MB)
#   bench/run.sh --help                            # every option
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
export CARGO_TARGET_DIR="$target"

cargo build --release --quiet --bin kavosh --example bench
for arg in "$@"; do
    case "$arg" in -h | --help) exec "$target/release/examples/bench" --help ;; esac
done
mkdir -p bench/results
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
"$target/release/examples/bench" --kavosh "$target/release/kavosh" "$@" >"$report"
cp "$report" bench/results/LAST.md
cat "$report"
