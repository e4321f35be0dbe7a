// Package eval resolves a parsed tree: it normalises paths, follows links
// and property links (shadowing, chains, cycles) and builds a [Model] that Go
// programs walk like zc.zk's parse_tree, with a reverse index of who links
// to each node.
//
// # Resolution
//
// The resolution algorithm works over the small [Lookup] interface (Exists
// and Props of a path), so the ZooKeeper packages resolve live paths with
// the same code as a parsed model:
//
//   - [Normalize] removes "." and ".." by text, before links are followed.
//   - [Resolve] follows symbolic links ("x -> path") anywhere in a path:
//     a real child shadows a link, relative targets are relative to the
//     node holding the link, chains are followed and loops fail with a
//     [*LinkLoopError] naming the whole cycle; a missing node fails with a
//     [*NoNodeError] naming the path asked for.
//   - [ResolveProp] reads a property through property links
//     ("x => path [prop]"): a real property shadows the link, the default
//     property name is the link's own, a relative path is relative to the
//     path as given, chains are followed, and every failure is a
//     [*BadPropertyLinkError] (nested along a chain) around the reason.
//     Unlike zc.zk, a property-link cycle is reported, not recursed into.
//
// Errors of the Lookup (I/O, ZooKeeper) are returned unchanged.
//
// Imports: ast and the standard library.
package eval
