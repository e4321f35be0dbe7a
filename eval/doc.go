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
//     Unlike zc.zk, a property-link cycle is reported, not recursed into,
//     and only a chain that reads the same property of the same node twice
//     is a cycle (zc.zk failed on any chain that read one node twice).
//
// Errors of the Lookup (I/O, ZooKeeper) are returned unchanged.
//
// # Model
//
// [Eval] (or [EvalMounts], to place files under a path) builds a [Model]
// from parsed files, and [Load] reads, parses and mounts files from disk,
// like zc.zk's parse_tree: [Model.Walk] visits the
// nodes, [Model.Node] finds one by real path, [Model.Resolve] and
// [Model.ResolveNode] follow links, [Model.Prop] reads a property through
// property links, and [Model.Properties] gives all of a node's properties
// resolved. A [Node] has its type, raw property set ([Node.Props],
// [Node.Get]), children, links ([Link]: raw syntax, the path it names, the
// node it reaches) and property links ([PropLink]: the value read), the
// places it is declared, and the reverse index: [Node.LinkedFrom] and
// [Node.PropLinkedFrom] list who links to it. A Model is a [Lookup], and
// [Model.WriteJSON] writes it as JSON keyed by node path.
//
// Eval reports every link and property link that does not resolve as a
// diagnostic with the range of the link, related ranges (the node where
// the path stops, the other links of a loop, the node without the
// property) and a "did you mean" suggestion of a nearby path or property;
// [Model.Diagnostics] keeps them with the model.
//
// Imports: ast, lang (for [Load]), internal/editdist and the standard library.
package eval
