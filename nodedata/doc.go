// Package nodedata maps properties to and from ZooKeeper node data, exactly
// as zc.zk does (compact JSON, keys sorted, "x ->" and "x =>" keys for links,
// raw string_value), and writes the export text layout with values in
// canonical or zc.zk-compatible form.
//
// Imports: ast and the standard library (tests also internal/zczk and
// internal/gentree).
package nodedata
