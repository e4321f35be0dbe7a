// Package zkconn opens ZooKeeper sessions from a connection string
// (--zk, ZC_ZK_CONNECTION_STRING, else 127.0.0.1:2181; chroot suffix; digest
// auth) and offers the small [Store] interface that zksync and registry are
// written against.
//
// Imports: ast, nodedata, eval and github.com/go-zookeeper/zk.
package zkconn
