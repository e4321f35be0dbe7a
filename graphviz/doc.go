// Package graphviz draws architecture diagrams of a tree as Graphviz DOT,
// and renders SVG or PNG with Graphviz's dot program when it is installed.
//
// [WriteDOT] draws an evaluated model ([eval.Model]) in one of three views:
// the whole tree with subtrees as nested clusters ([ViewTree]), only the
// nodes that links join ([ViewLinks]), or the services and the
// service-to-service edges of zc.zk's graphvis module ([ViewServices],
// also available as data from [ServiceEdges]). [Options] select a subtree,
// a depth, node types and the direction of the layout. Links are solid
// arrows, property links dashed ones; services have a thick border; fill
// colours come from the node type alone ([TypeColor]); dangling links are
// red and links on a cycle orange. The DOT text depends only on the model
// and the options. [Render] turns it into SVG or PNG.
//
// Imports: ast, eval and github.com/emicklei/dot.
package graphviz
