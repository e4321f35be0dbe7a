#!/usr/bin/env bash
# Runs the ZooKeeper benchmarks (import, export, recursive delete, and the
# 100,000-node streaming export) against a throw-away server, printing
# nodes/s for zktree and for a naive sequential loop side by side.
# Extra arguments go to `go test` (default: -bench . -benchtime 1x -count 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/zk.sh
zk_start
trap zk_stop EXIT
echo "scripts/bench.sh: ZooKeeper $(zk_version) at $ZKTREE_TEST_ZK" >&2
if [ $# -eq 0 ]; then
  set -- -bench . -benchtime 1x -count 3
fi
go test -run '^$' "$@" ./zksync
