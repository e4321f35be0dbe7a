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

step zktree validate "$tree" && echo "(no syntax errors)"
step zktree lint "$tree" && echo "(no findings)" || true
step zktree fmt "$tree"

# Port 0: the kernel picks a free port, and serve says which.
zktree serve --addr 127.0.0.1:0 >"$work/serve.log" 2>&1 &
addr=
for _ in $(seq 50); do
  addr=$(sed -n 's/^serving ZooKeeper protocol on //p' "$work/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
if [ -z "$addr" ]; then echo "zktree serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; fi
export ZC_ZK_CONNECTION_STRING=$addr
echo; echo "embedded server on $ZC_ZK_CONNECTION_STRING"

step zktree import "$tree" && echo "(imported)"
step zktree export /
step zktree diff --trim "$tree" && echo "(ZooKeeper is in line with $tree)"

# The first service's providers: a top-level node's /providers, else any.
provider=$(zktree walk / | grep -E '^/[^/]+/providers$' | head -1 || true)
[ -n "$provider" ] || provider=$(zktree walk / | grep '/providers$' | head -1 || true)
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

step zktree graph --view services "$tree"
if command -v dot >/dev/null; then
  zktree graph "$tree" -o quickstart-architecture.svg && echo "wrote $PWD/quickstart-architecture.svg"
else
  echo "(install Graphviz to render SVG or PNG: zktree graph $tree -o tree.svg)"
fi
