// Package wire is ZooKeeper's client protocol: the jute encoding of its
// records (big-endian integers, length-prefixed strings and buffers, -1
// for null), the frames that carry them, and the protocol's constants.
// It is the protocol layer of the zktest server, kept apart from the
// server's tree, sessions and watches so that each side can be tested on
// its own.
//
// Imports: the standard library only.
package wire
