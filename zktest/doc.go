// Package zktest is a ZooKeeper server in pure Go for tests and local
// development: it runs in-process, listens on loopback and speaks
// ZooKeeper's real client protocol, so that any client (go-zookeeper/zk,
// zktree, zkCli.sh) can use it. Start one per test with [Start]; its test
// controls expire sessions, drop connections and pause the server, which a
// real ZooKeeper cannot do on demand.
//
// Its behaviour follows Apache ZooKeeper 3.8: sessions with negotiated
// timeouts and reconnection, persistent, ephemeral, sequential and
// container nodes, versions, multi, ACLs with digest authentication,
// one-shot data, exist and child watches (re-set with setWatches), full
// stats and ZooKeeper's error codes. The protocol scenarios in its tests
// were recorded from a real ZooKeeper 3.8 and must give the same results
// here. It is not a replica: there is one server, no quorum and no
// transaction log (with a data directory, snapshots keep the tree).
//
// Imports: the standard library and zktest/internal/wire.
package zktest
