#!/usr/bin/env bash
# A tour of zktree's main job that needs nothing but Go: build the command,
# check a tree, start the embedded ZooKeeper-compatible server, import the
# tree, export it back, register a provider and watch it appear, and draw
# the architecture. Pass a .zk file to use your own tree.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-corpus/valid/readme_lb_cms_retail.zk}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

go build -o "$work/zktree" ./cmd/zktree
export PATH="$work:$PATH"

step zktree validate "$tree"
step zktree lint "$tree" || true
step zktree fmt "$tree"

port=$(( 20000 + RANDOM % 20000 ))
export ZC_ZK_CONNECTION_STRING="127.0.0.1:$port"
zktree serve --addr "$ZC_ZK_CONNECTION_STRING" >"$work/serve.log" 2>&1 &
for _ in $(seq 50); do zktree walk / >/dev/null 2>&1 && break; sleep 0.1; done
echo; echo "embedded server on $ZC_ZK_CONNECTION_STRING"

step zktree import "$tree"
step zktree export /
step zktree import --dry-run --trim "$tree"

provider=$(zktree walk / | grep '/providers$' | head -1 || true)
if [ -n "$provider" ]; then
  zktree watch "$provider" >"$work/watch.log" 2>&1 &
  sleep 0.5
  zktree register "$provider" 127.0.0.1:8080 weight=3 >"$work/register.log" 2>&1 &
  sleep 1
  step zktree tree "$provider"
  step zktree get "$provider/127.0.0.1:8080"
  printf '\n\033[1m$ zktree watch %s\033[0m   (its output so far)\n' "$provider"
  cat "$work/watch.log"
fi

step zktree graph "$tree" -o "$work/tree.dot"
if command -v dot >/dev/null; then
  zktree graph "$tree" -o quickstart-architecture.svg && echo "wrote quickstart-architecture.svg"
fi
