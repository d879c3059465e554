#!/usr/bin/env bash
# Load benchmark of `kavosh serve`: wrk against loopback with the queries of
# bench/queries.txt (one GET /search per request, cycling through them),
# 32 connections for 30 s on an index of the default news corpora, then the
# same while `kavosh index` adds ../shared/corpora/en-news-tehrantimes in
# another process. Reports searches per second, p50, p90, p99, errors, and
# checks that no write was lost (the server ends on the indexer's commit).
#
#   bench/serve.sh                        # the whole run (≈ 3 min on 2 cores)
#   bench/serve.sh --duration 10 --connections 16
#   bench/serve.sh --serve-args "--cache-size 32"   # with the answer cache
#   bench/serve.sh --kavosh OLD/kavosh --serve-args "" --out FILE   # another build
#
# The server runs with --cache-size 0 (no answer cache) unless --serve-args
# says otherwise: the 180 queries repeat, so with the cache nearly every
# request after the first round is a cache hit and the figure measures HTTP,
# not searching. The report names the server's options, the load average at
# the start of each run, and the server's CPU time (user + system) per search.
#
# The Markdown report goes to stdout and to bench/results/LAST-serve.md;
# commit it as bench/results/YYYY-MM-DD-serve.md. wrk is installed with
# apt-get when missing (Debian's package `wrk`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
duration=30
connections=32
threads=2
corpora="$repo/../shared/corpora"
serve_args="--cache-size 0"
kavosh=""
out="bench/results/LAST-serve.md"
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --corpora) corpora="$2"; shift 2 ;;
        --serve-args) serve_args="$2"; shift 2 ;;
        --kavosh) kavosh="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench/serve.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
news=("$corpora/fa-news-irnews2020" "$corpora/fa-news-langml")
added="$corpora/en-news-tehrantimes"
for folder in "${news[@]}" "$added"; do
    [ -d "$folder" ] || { echo "bench/serve.sh: $folder is missing" >&2; exit 1; }
done

if ! command -v wrk >/dev/null; then
    echo "bench/serve.sh: installing wrk (apt-get)" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
    else sudo apt-get install -y wrk >&2; fi
fi

target="${CARGO_TARGET_DIR:-$repo/target}"
if [ -z "$kavosh" ]; then
    cargo build --release --quiet --bin kavosh
    kavosh="$target/release/kavosh"
fi
work="$target/serve-bench"
mkdir -p "$work"
index="$work/index"

# The index of the news corpora only (an update also removes what an
# earlier run of this script added).
echo "bench/serve.sh: indexing the news corpora into $index" >&2
"$kavosh" index "${news[@]}" --index "$index" --quiet

# The queries as request paths, for wrk's Lua script.
python3 - "$repo/bench/queries.txt" "$work/paths.lua" <<'EOF'
import sys, urllib.parse
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
queries = [l for l in lines if l and not l.startswith("#")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("paths = {\n")
    for q in queries:
        out.write('  "/search?q=%s",\n' % urllib.parse.quote(q, safe=""))
    out.write("}\n")
print(len(queries), file=sys.stderr)
EOF
cat >"$work/search.lua" <<EOF
dofile("$work/paths.lua")
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50=%.2f p90=%.2f p99=%.2f max=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.status))
end
EOF

# shellcheck disable=SC2086 # the server's options, split as words
"$kavosh" serve --index "$index" --addr 127.0.0.1:0 --quiet $serve_args >"$work/serve.out" 2>"$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "http://" "$work/serve.out" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$work/serve.out" | head -1)"
url="${url%/}"
[ -n "$url" ] || { echo "bench/serve.sh: the server did not start: $(cat "$work/serve.err")" >&2; exit 1; }
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
passages_before="$(curl -s "$url/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["passages"])')"

# The server's CPU time so far (user + system), in clock ticks.
server_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_per_second="$(getconf CLK_TCK)"
run_wrk() {
    local load ticks result
    load="$(cut -d' ' -f1 /proc/loadavg)"
    ticks="$(server_ticks)"
    result="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 5s --latency -s "$work/search.lua" "$url" \
        | tee -a "$work/wrk.log" | grep '^RESULT' | sed 's/^RESULT //')"
    ticks=$(($(server_ticks) - ticks))
    echo "$result load=$load cpu=$(python3 -c "import sys; r = int(sys.argv[3]); print(f'{int(sys.argv[1]) * 1000 / int(sys.argv[2]) / r:.3f}' if r else '-')" \
        "$ticks" "$ticks_per_second" "$(field "$result" requests)")"
}

: >"$work/wrk.log"
echo "bench/serve.sh: warming up (5 s), then searching for ${duration} s" >&2
wrk -t"$threads" -c"$connections" -d5s -s "$work/search.lua" "$url" >/dev/null
idle="$(run_wrk)"

echo "bench/serve.sh: searching for ${duration} s while kavosh index adds $(basename "$added")" >&2
( sleep 2; start=$(date +%s.%N)
  "$kavosh" index "${news[@]}" "$added" --index "$index" --quiet --format json >"$work/index.json"
  echo "$start $(date +%s.%N)" >"$work/index.time" ) &
indexer=$!
busy="$(run_wrk)"
wait $indexer
read -r t0 t1 <"$work/index.time"
index_secs="$(python3 -c "print(f'{$t1 - $t0:.1f}')")"
passages_indexed="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passages"])' "$work/index.json")"
sleep 1.5
passages_served="$(curl -s "$url/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["passages"])')"
tehran_hits="$(curl -s "$url/search?q=Tehran+Times&limit=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_hits"])')"
lost="no"
[ "$passages_served" = "$passages_indexed" ] || lost="yes"

cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
report="$(mktemp)"
{
    echo "# kavosh serve under load — $(date -u +%Y-%m-%d)"
    echo
    echo "\`bench/serve.sh\`: wrk, ${threads} threads, ${connections} connections, ${duration} s per run, on loopback; the"
    echo "queries of bench/queries.txt in turn (GET /search?q=…, default options: 10 hits, snippets,"
    echo "bilingual expansion). Index: fa-news-irnews2020 + fa-news-langml (${passages_before} passages)."
    echo "Server: \`kavosh serve --quiet ${serve_args}\` ($("$kavosh" --version))."
    echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk runs on the same cores;"
    echo "load average before the runs ${load_before}, after $(cut -d' ' -f1-3 /proc/loadavg) (other processes included)."
    echo
    echo "| run | searches/s | p50 ms | p90 ms | p99 ms | max ms | errors (non-2xx) | server CPU ms/search | load at start |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for run in idle busy; do
        r="${!run}"
        name="searches only"
        [ "$run" = busy ] && name="while kavosh index adds en-news-tehrantimes"
        echo "| $name | $(field "$r" rps) | $(field "$r" p50) | $(field "$r" p90) | $(field "$r" p99) | $(field "$r" max) | $(field "$r" errors) ($(field "$r" non2xx)) | $(field "$r" cpu) | $(field "$r" load) |"
    done
    echo
    echo "Writes: \`kavosh index\` (another process) ran ${index_secs} s during the second run and committed"
    echo "${passages_indexed} passages; the server then served ${passages_served} passages (lost writes: ${lost});"
    echo "«Tehran Times» matches ${tehran_hits} passages through the server."
    echo
    echo "Targets (issue #10): at least 2,000 searches/s, p99 under 50 ms, no errors, no lost writes."
} >"$report"
mkdir -p "$(dirname "$out")"
cp "$report" "$out"
cat "$report"
rm -f "$report"
