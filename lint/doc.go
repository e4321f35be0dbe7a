// Package lint checks a tree for mistakes before it reaches ZooKeeper. Each
// rule has a stable UPPER_SNAKE ID, a purpose, documentation and a default
// severity; findings are [ast.Diagnostic] values. RULES.md is generated from
// the registry.
//
// Imports: ast, eval and the standard library (yaml for the config file).
package lint
