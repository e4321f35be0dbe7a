// Package eval resolves a parsed tree: it normalises paths, follows links
// and property links (shadowing, chains, cycles) and builds a [Model] that Go
// programs walk like zc.zk's parse_tree, with a reverse index of who links
// to each node.
//
// The resolution algorithm works over a small lookup interface, so the
// ZooKeeper packages resolve live paths with the same code.
//
// Imports: ast and the standard library.
package eval
