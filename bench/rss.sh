#!/usr/bin/env bash
# Runs a command and samples its memory every half second from
# /proc/PID/status: resident anonymous memory (the heap: what the process
# allocated) apart from resident file-backed pages (its binary and the
# segment files tantivy memory-maps, page cache the kernel can drop), and
# VmHWM, the peak resident set size that `wait4`/`ru_maxrss` report.
#
#   bench/rss.sh OUT.tsv target/release/kavosh index CORPUS --index DIR --quiet
#
# Writes one line per sample to OUT.tsv (seconds, RssAnon, RssFile, VmHWM in
# KiB) and prints the peaks in MiB when the command ends.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: bench/rss.sh OUT.tsv COMMAND [ARGS...]" >&2
    exit 2
fi
out=$1
shift
start=$(date +%s.%N)
"$@" &
pid=$!
printf 'seconds\trss_anon_kib\trss_file_kib\tvm_hwm_kib\n' >"$out"
while kill -0 "$pid" 2>/dev/null; do
    awk -v s="$start" -v t="$(date +%s.%N)" '
        /^VmHWM:/ { hwm = $2 } /^RssAnon:/ { anon = $2 } /^RssFile:/ { file = $2 }
        END { if (hwm) printf "%.1f\t%d\t%d\t%d\n", t - s, anon, file, hwm }' \
        "/proc/$pid/status" >>"$out" 2>/dev/null || true
    sleep 0.5
done
status=0
wait "$pid" || status=$?
awk -F'\t' 'NR > 1 { if ($2 > a) a = $2; if ($3 > f) f = $3; if ($4 > h) h = $4; t = $1 }
    END { printf "peak RssAnon %.0f MiB, peak RssFile %.0f MiB, VmHWM %.0f MiB, %.0f s\n", a / 1024, f / 1024, h / 1024, t }' "$out"
exit "$status"
