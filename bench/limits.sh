#!/usr/bin/env bash
# Big and hostile inputs, with the time and peak memory of each (not CI:
# they take a minute or two and a few hundred MB of disk):
#   - a page nested 100,000 elements deep
#   - a 200 MB file that is one line
#   - a JSON Lines file of a million tiny records
#   - a query of 100,000 characters (ASCII: one argument may hold 128 KiB),
#     and 60,000 Persian characters
#   - a query of 1,000 ORs
#   - --limit 10000000
# Each must end in bounded time and memory, with a clear message where a
# limit applies. Results are appended to bench/results/limits.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
K="$PWD/target/release/kavosh"
work=$(mktemp -d /tmp/kavosh-limits.XXXXXX)
trap 'rm -rf "$work"' EXIT
out="bench/results/limits.txt"
mkdir -p bench/results
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD)" | tee -a "$out"

measure() { # label, command...
    local label=$1; shift
    local log="$work/log"
    /usr/bin/time -f "%e s, peak %M KiB, exit %x" -o "$work/time" "$@" >"$log" 2>&1 || true
    printf '%-28s %s\n' "$label" "$(cat "$work/time" | tail -1)" | tee -a "$out"
    grep -E "^kavosh: (error|warning|skipped)|^error" "$log" | head -2 | cut -c1-220 | sed 's/^/    /' | tee -a "$out" || true
}

python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
for d in ("html", "line", "jsonl"):
    os.makedirs(os.path.join(w, d))
n = 100_000
open(os.path.join(w, "html/nested.html"), "w").write(
    "<html><body>" + "<div>" * n + "<p>نیروگاه بوشهر با همکاری روسیه ساخته شد.</p>" + "</div>" * n + "</body></html>")
s = ("نیروگاه بوشهر با همکاری روسیه ساخته شد " * 1000).encode()
with open(os.path.join(w, "line/oneline.txt"), "wb") as f:
    size = 0
    while size < 200 * 1024 * 1024:
        f.write(s); size += len(s)
with open(os.path.join(w, "jsonl/tiny.jsonl"), "w") as f:
    for i in range(1_000_000):
        f.write(json.dumps({"id": str(i), "text": f"خبر کوتاه شماره {i} درباره بندر انزلی"}, ensure_ascii=False) + "\n")
open(os.path.join(w, "q-ascii"), "w").write("bandar " * 14286)
open(os.path.join(w, "q-persian"), "w").write(("بندر " * 20000)[:60000])
open(os.path.join(w, "q-or"), "w").write(" OR ".join(f"شماره{i}" for i in range(1000)))
PY

measure "nested html (100,000 deep)" "$K" index "$work/html" --index "$work/i-html"
measure "200 MB single line" "$K" index "$work/line" --index "$work/i-line"
measure "1,000,000 JSONL records" "$K" index "$work/jsonl" --index "$work/i-jsonl"
measure "query 100,000 chars" "$K" search "$(cat "$work/q-ascii")" --index "$work/i-jsonl" --format json
measure "query 60,000 Persian chars" "$K" search "$(cat "$work/q-persian")" --index "$work/i-jsonl" --format json
measure "query of 1,000 ORs" "$K" search "$(cat "$work/q-or")" --index "$work/i-jsonl" --format json
measure "--limit 10000000" "$K" search بندر --index "$work/i-jsonl" --limit 10000000
measure "--limit 10000" "$K" search بندر --index "$work/i-jsonl" --limit 10000 --format json
