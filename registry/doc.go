// Package registry is service registration and discovery on a ZooKeeper
// tree: ephemeral HOST:PORT registrations that survive session loss, and live
// children and properties views with callbacks.
//
// Imports: ast, eval, nodedata, zkconn and github.com/go-zookeeper/zk.
package registry
