#!/usr/bin/env bash
# Soak test: several minutes of searches in several processes while
# `kavosh index` adds, changes and removes corpus files and is killed with
# SIGKILL at random moments. Every hit is checked against its source
# paragraph; the final index must equal a fresh rebuild. Not part of CI.
#
#   bench/soak.sh                 # 300 s, 3 searching threads
#   bench/soak.sh --duration 60   # shorter (any option of bench/soak.py)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 bench/soak.py --kavosh target/release/kavosh "$@"
