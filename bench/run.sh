#!/usr/bin/env bash
# One-run benchmark: ceilings, 360 writes, coach reads, growth, cold start -> markdown table.
# usage: bench/run.sh BINARY SCRATCH [quick|full]
#   BINARY   a release build: swift build -c release --product coachwork --scratch-path .build-release
#   SCRATCH  a scratch folder (created); results.jsonl and results.md are written there
# Needs wrk, python3 (3.11) with requests, sqlite3. Overrides via environment: see bench/bench.py.
set -euo pipefail
if [ $# -lt 2 ]; then sed -n 2,6p "$0"; exit 2; fi
HERE="$(cd "$(dirname "$0")" && pwd)"
for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y $tool)" >&2; exit 2; }; done
python3 -c 'import requests' 2>/dev/null || { echo "missing: python3 requests (pip install requests)" >&2; exit 2; }
mkdir -p "$2"
python3 "$HERE/bench.py" "$1" "$2" "${3:-quick}" 2>&1 | tee -a "$2/run.log"
