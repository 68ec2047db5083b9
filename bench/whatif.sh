#!/bin/bash
# Replications per second of `twinlab whatif` on the default lab with --jobs 1
# and --jobs 2, and the scaling efficiency (rate with 2 jobs / 2 x rate with 1).
# Also prints the CPU seconds of each measurement: CPU time with 2 jobs close to
# that with 1 job means the workers add no work of their own, even when other
# load on a shared machine keeps the wall-time speed-up down.
# Usage: bench/whatif.sh [REPLICATIONS] [REPEATS]; needs a release build
# (`swift build -c release --product twinlab`).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
binary="$root/.build/release/twinlab"
replications=${1:-20}
repeats=${2:-3}
lab="$root/scenarios/platelet-lab.lab"
# The experiment "capacity" has 8 variants: baseline, 3 whatifs, 4 sweep points.
runs=$((replications * 8))

# Prints "WALL CPU" in seconds for one run of the experiment with $1 jobs.
measure() {
  local TIMEFORMAT='%R %U %S'
  { time "$binary" whatif "$lab" --experiment capacity --replications "$replications" \
    --jobs "$1" --format json >/dev/null; } 2>&1 | awk '{ printf "%s %.2f", $1, $2 + $3 }'
}

echo "runs per measurement: $runs (8 variants x $replications replications, 5 days each)"
for ((i = 1; i <= repeats; i++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  one=$(measure 1)
  two=$(measure 2)
  echo "$one $two $runs $load" | awk '{
    r1 = $5 / $1; r2 = $5 / $3
    printf "load %s  jobs 1: %.2f s (cpu %.2f s), %.1f runs/s  jobs 2: %.2f s (cpu %.2f s), %.1f runs/s  efficiency %.0f %%\n",
      $6, $1, $2, r1, $3, $4, r2, 100 * r2 / (2 * r1)
  }'
done
