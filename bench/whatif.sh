#!/bin/sh
# Replications per second of `twinlab whatif` on the default lab with --jobs 1
# and --jobs 2, and the scaling efficiency (rate with 2 jobs / 2 x rate with 1).
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

measure() {
  start=$(date +%s.%N)
  "$binary" whatif "$lab" --experiment capacity --replications "$replications" \
    --jobs "$1" --format json >/dev/null
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

echo "runs per measurement: $runs (8 variants x $replications replications, 5 days each)"
i=1
while [ "$i" -le "$repeats" ]; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  one=$(measure 1)
  two=$(measure 2)
  echo "$one $two $runs $load" | awk '{
    r1 = $3 / $1; r2 = $3 / $2
    printf "load %s  jobs 1: %.2f s, %.1f runs/s  jobs 2: %.2f s, %.1f runs/s  efficiency %.0f %%\n",
      $4, $1, r1, $2, r2, 100 * r2 / (2 * r1)
  }'
  i=$((i + 1))
done
