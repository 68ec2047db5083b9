#!/usr/bin/env bash
# Installs what TwinLab needs, builds it in release mode and runs the default
# platelet lab. Extra arguments go to `twinlab run`, such as `--format json`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -d /opt/swift/usr/bin ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

bash scripts/install-dependencies.sh
swift build -c release --product twinlab >&2
exec .build/release/twinlab run scenarios/platelet-lab.lab "$@"
