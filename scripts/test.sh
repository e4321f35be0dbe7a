#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need
# when it is missing (Debian's zookeeper, graphviz and neovim packages),
# starts a throw-away ZooKeeper on a free loopback port, runs
# `go test -race ./...` with its address in ZKTREE_TEST_ZK, and stops it.
# Extra arguments go to `go test` (default: -race ./...).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v nvim >/dev/null 2>&1 || need+=(neovim)
if [ ${#need[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v java >/dev/null || { echo "scripts/test.sh: java is required for ZooKeeper" >&2; exit 1; }

source scripts/zk.sh
zk_start
trap zk_stop EXIT
echo "scripts/test.sh: ZooKeeper $(zk_version) at $ZKTREE_TEST_ZK" >&2

if [ $# -eq 0 ]; then
  set -- -race ./...
fi
go test "$@"
