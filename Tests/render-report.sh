#!/bin/sh
# Renders a `twinlab whatif --report` page to a PNG with headless Chromium, for
# a person to look at. Usage: Tests/render-report.sh [SCENARIO] [OUT.png]
# Needs Debian's `chromium` package and a built `.build/debug/twinlab`.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
scenario=${1:-"$root/scenarios/whatif-capacity.lab"}
png=${2:-"$root/.build/whatif-report.png"}
html="${png%.png}.html"
"$root/.build/debug/twinlab" whatif "$scenario" --replications 3 --jobs 2 \
  --experiment "busier lab" --target "throughput >= 75/day" --report "$html" >/dev/null
# A fresh profile and no network: the page must render from the file alone.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
  --proxy-server="127.0.0.1:9" --window-size=1200,3000 --hide-scrollbars \
  --screenshot="$png" "file://$html" 2>/dev/null
echo "wrote $png"
