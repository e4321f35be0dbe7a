// Package graphviz draws architecture diagrams of a tree as Graphviz DOT,
// and renders SVG or PNG with Graphviz's dot program when it is installed.
//
// Imports: ast, eval and github.com/emicklei/dot.
package graphviz
