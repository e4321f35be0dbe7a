// Package zksync keeps a ZooKeeper tree in line with a .zk tree: import (with
// trim, dry run, version-checked and atomic writes), export, recursive
// delete, walk, resolve, ln and set-property.
//
// Imports: ast, lang, eval, nodedata and zkconn.
package zksync
