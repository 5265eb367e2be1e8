#!/usr/bin/env bash
# Builds msgframe-bench and runs every JMH benchmark with the parameters used for docs/PERFORMANCE.md.
#
#   bench/jmh.sh RESULT.json [extra JMH options...]
#
# RESULT.json receives JMH's JSON result; the usual human-readable report goes to stdout (tee it to keep it).
# Extra options are passed to JMH after ours, e.g. '-prof gc' or '-p bodySize=1024'.
#
# Environment:
#   FORKS=N        JVM forks per benchmark (default 2; 1 halves the run time)
#   BENCH_DIR=dir  where the benchmarks create their stores (default /tmp); needs ~10 GB free. Measure the
#                  disk you want to document: the append, sync-flush and read figures depend on it.
#   MVN_FLAGS=...  extra Maven flags for the build, e.g. -o to build offline
#
# Run time: about 10 minutes with FORKS=2 (5 with FORKS=1) on a 2-core machine. Each benchmark: 3 warm-up
# iterations of 2 s, 5 measured iterations of 2 s. Run it on an otherwise idle machine: other load on the
# CPUs or the disk shows up directly in the append and dispatch figures.
set -euo pipefail

if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 2
fi

result=$1
shift
case "$result" in
    /*) ;;
    *) result="$PWD/$result" ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
forks=${FORKS:-2}
base_dir=${BENCH_DIR:-/tmp}

mkdir -p "$base_dir"
avail_kb=$(df -Pk "$base_dir" | awk 'NR == 2 { print $4 }')
if [ "$avail_kb" -lt $((10 * 1024 * 1024)) ]; then
    echo "bench/jmh.sh: only $((avail_kb / 1024)) MiB free in $base_dir; the benchmarks need about 10 GiB" >&2
    exit 1
fi

echo "== building msgframe-bench"
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} package -DskipTests -pl msgframe-bench -am)

# Stores go to a directory of our own, removed even if a run is interrupted.
store_dir=$(mktemp -d "$base_dir/msgframe-jmh.XXXXXX")
trap 'rm -rf "$store_dir"' EXIT

echo "== running JMH: forks=$forks, stores in $store_dir, result in $result"
df -h "$base_dir" | sed 's/^/   /'
started=$(date +%s)
java -jar "$root/msgframe-bench/target/benchmarks.jar" \
    -f "$forks" -wi 3 -w 2s -i 5 -r 2s \
    -jvmArgsPrepend "-Dmsgframe.bench.dir=$store_dir" \
    -rf json -rff "$result" \
    "$@" \
    'io\.msgframe\.bench\.(AppendBenchmark|SyncFlushAppendBenchmark|DispatchBenchmark|ConsumeQueueReadBenchmark|CodecBenchmark)\.'
elapsed=$(( $(date +%s) - started ))
echo "== JMH ran for $((elapsed / 60)) min $((elapsed % 60)) s; JSON result: $result"

# Messages per force of the sync-flush benchmark, from its two aux counters.
if command -v python3 > /dev/null; then
    python3 - "$result" <<'PY' || true
import json, sys
rows = {r["benchmark"]: r for r in json.load(open(sys.argv[1]))}
for name, r in rows.items():
    if name.endswith("syncAppend16Threads"):
        s = r["secondaryMetrics"]
        forces, requests = s["forces"]["score"], s["flushedRequests"]["score"]
        print("== group commit: %.0f appends/s, %.0f forces/s, %.2f messages per force"
              % (r["primaryMetric"]["score"], forces, requests / forces if forces else 0.0))
PY
fi
