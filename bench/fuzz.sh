#!/usr/bin/env bash
# Runs the property tests of tests/properties.rs (analyzer, query parser,
# highlights and snippets, every corpus reader and encoding, date parsing)
# with many more cases than CI: PROPTEST_CASES per property, 100,000 by
# default. Not part of CI (it takes a while on 2 cores).
#
#   bench/fuzz.sh            # 100,000 cases per property
#   bench/fuzz.sh 20000      # fewer
#
# A failure prints the smallest input proptest found and saves it under
# tests/properties.proptest-regressions, so that `cargo test` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
echo "property tests with $cases cases each"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --locked --test properties -- --test-threads 2 2>&1 | tee /tmp/kavosh-fuzz.log
end=$(date +%s)
passed=$(grep -Eo '^test result: ok\. [0-9]+ passed' /tmp/kavosh-fuzz.log | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
echo "fuzz: ${passed:-0} properties × $cases cases passed in $((end - start)) s"
