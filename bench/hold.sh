#!/usr/bin/env bash
# The hold model on the engine's future-event list: PENDING events stay
# scheduled while OPERATIONS events fire and are replaced. Prints events per
# CPU second and bytes of list storage per pending event.
#
# usage: bench/hold.sh [PENDING] [OPERATIONS]
set -euo pipefail

pending=${1:-1000000}
operations=${2:-5000000}
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="/opt/swift/usr/bin:$PATH"
(cd "$root" && swift build -c release --product twinlab-bench >/dev/null)
for size in 1000 10000 100000 "$pending"; do
  "$root/.build/release/twinlab-bench" hold --pending "$size" --operations "$operations"
done
