#!/usr/bin/env bash
# TANDEM-5-BAS side by side: twinlab's engine running bench/tandem.lab (loaded
# through the scenario language before timing starts) against SimPy running
# bench/simpy/tandem.py, on the same seeds and numbers of jobs. Prints the load
# average, one line per replication and engine, then a summary with jobs per
# CPU second, their ratio, and 95 % confidence intervals (Student t over the
# seeds) of the mean cycle time and the loss probability.
#
# usage: bench/tandem.sh [JOBS] [SEEDS] [VARIANT]
#   JOBS     departures measured after 10,000 warm-up departures (default 1000000)
#   SEEDS    seed range such as 1-10 (default 1-10)
#   VARIANT  E for exponential or T for triangular service (default E)
set -euo pipefail

jobs=${1:-1000000}
seeds=${2:-1-10}
variant=${3:-E}
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/bench/simpy/.venv"
export PATH="/opt/swift/usr/bin:$PATH"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet simpy==4.1.2
fi
(cd "$root" && swift build -c release --product twinlab-bench >/dev/null)
uptime

output=$(mktemp)
trap 'rm -f "$output"' EXIT
TANDEM_VARIANT="$variant" "$root/.build/release/twinlab-bench" tandem \
  --scenario "$root/bench/tandem.lab" --jobs "$jobs" --seeds "$seeds" | tee -a "$output"
"$venv/bin/python" "$root/bench/simpy/tandem.py" --jobs "$jobs" --seeds "$seeds" --variant "$variant" \
  | tee -a "$output"

python3 - "$output" <<'PYTHON'
import statistics
import sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 19: 2.093, 29: 2.045}

rows = {}
for line in open(sys.argv[1]):
    fields = dict(item.split("=", 1) for item in line.split())
    rows.setdefault(fields["engine"], []).append(fields)

def interval(values):
    mean = statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:.4f}"
    half = T975.get(len(values) - 1, 1.96) * statistics.stdev(values) / len(values) ** 0.5
    return f"{mean:.4f} ± {half:.4f}"

speeds = {}
print()
for engine, fields in rows.items():
    speed = statistics.median(float(f["jobs_per_cpu_s"]) for f in fields)
    speeds[engine] = speed
    cycle = interval([float(f["cycle_min"]) for f in fields])
    loss = interval([float(f["loss"]) for f in fields])
    print(f"{engine:8} jobs/cpu-s {speed:10.0f}   cycle time (min) {cycle}   loss {loss}")
if "twinlab" in speeds and "simpy" in speeds:
    print(f"ratio twinlab / simpy: {speeds['twinlab'] / speeds['simpy']:.1f}x")
PYTHON
