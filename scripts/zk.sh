# Sourced by scripts/test.sh and scripts/bench.sh: start and stop a
# standalone ZooKeeper from Debian's zookeeper package on a free loopback port.

# ZKTREE_ZK_CLASSPATH lets Go tests start more servers (ensembles, restarts).
export ZKTREE_ZK_CLASSPATH=/usr/share/java/zookeeper.jar

zk_free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  return 1
}

zk_version() { echo srvr | (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT"; cat >&3; cat <&3) 2>/dev/null | sed -n 's/^Zookeeper version: \([^-,]*\).*/\1/p'; }

zk_start() {
  ZK_DIR=$(mktemp -d /tmp/zktree-zk.XXXXXX)
  ZK_PORT=$(zk_free_port)
  cat >"$ZK_DIR/zoo.cfg" <<CFG
tickTime=2000
dataDir=$ZK_DIR/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
4lw.commands.whitelist=*
admin.enableServer=false
CFG
  java ${ZK_JAVA_OPTS:--Dzookeeper.forceSync=no} -cp "$ZKTREE_ZK_CLASSPATH" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_DIR/zoo.cfg" >"$ZK_DIR/server.log" 2>&1 &
  ZK_PID=$!
  local i
  for i in $(seq 1 300); do
    if echo srvr | (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT"; cat >&3; cat <&3) 2>/dev/null | grep -q '^Mode:'; then
      export ZKTREE_TEST_ZK="127.0.0.1:$ZK_PORT"
      return 0
    fi
    kill -0 "$ZK_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "ZooKeeper did not start; its log:" >&2
  cat "$ZK_DIR/server.log" >&2
  return 1
}

# zk_stop runs from an EXIT trap under `set -e`: no command in it may fail,
# or the script exits with that status (a killed server's wait gives 143).
zk_stop() {
  if [ -n "${ZK_PID:-}" ]; then
    kill "$ZK_PID" 2>/dev/null || true
    wait "$ZK_PID" 2>/dev/null || true
  fi
  if [ -n "${ZK_DIR:-}" ]; then rm -rf "$ZK_DIR"; fi
}
