package graphviz

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/zktree/zktree/eval"
)

// View selects what a diagram shows.
type View int

// The views of a tree.
const (
	// ViewTree draws every node, subtrees as nested clusters, with links and
	// property links as edges.
	ViewTree View = iota
	// ViewLinks draws only the nodes that links and property links join,
	// labelled with their full paths, without clusters.
	ViewLinks
	// ViewServices draws the services (nodes with a providers child) and
	// the service-to-service edges of zc.zk's graphvis module.
	ViewServices
)

var viewNames = []string{"tree", "links", "services"}

// String returns "tree", "links" or "services".
func (v View) String() string {
	if v >= 0 && int(v) < len(viewNames) {
		return viewNames[v]
	}
	return fmt.Sprintf("view(%d)", int(v))
}

// ParseView is the inverse of [View.String].
func ParseView(s string) (View, error) {
	for i, n := range viewNames {
		if n == s {
			return View(i), nil
		}
	}
	return 0, fmt.Errorf("unknown view %q (want %s)", s, strings.Join(viewNames, ", "))
}

// Format is an output format.
type Format int

// The output formats. SVG and PNG need Graphviz's dot program.
const (
	FormatDOT Format = iota
	FormatSVG
	FormatPNG
)

var formatNames = []string{"dot", "svg", "png"}

// String returns "dot", "svg" or "png".
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// ParseFormat is the inverse of [Format.String]; it also accepts "gv".
func ParseFormat(s string) (Format, error) {
	if s == "gv" {
		return FormatDOT, nil
	}
	for i, n := range formatNames {
		if n == s {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want %s)", s, strings.Join(formatNames, ", "))
}

// FormatOf returns the format a file name's extension asks for
// (.dot/.gv, .svg, .png), and false for any other name.
func FormatOf(name string) (Format, bool) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
	f, err := ParseFormat(ext)
	return f, err == nil
}

// Options say what to draw and how. The zero value draws the whole tree
// left to right.
type Options struct {
	View View
	// Root is the path of the subtree to draw; "" or "/" draws everything.
	// Link targets outside it are drawn as plain external nodes.
	Root string
	// Depth limits how many levels below Root are drawn (0: no limit).
	// Edges from or to deeper nodes attach to their nearest drawn ancestor.
	Depth int
	// Types keeps only nodes whose type, or the first word of it, is one
	// of these (and, in the tree view, their ancestors). Empty: all nodes.
	Types []string
	// RankDir is "LR" (left to right, the default) or "TB" (top down).
	RankDir string
	// Providers, when not nil, gives the number of registered providers of
	// each service (by service path); the services show it.
	Providers map[string]int
	// Legend adds a box explaining the colours of the node types drawn
	// and each kind of node and arrow the drawing uses.
	Legend bool
	// Outside, when not nil, is the whole tree of which the model holds
	// only a part, the subtree at Root (a live server read lazily: see
	// zkconn.Lookup). Links and property links that do not resolve in the
	// model are resolved against it; a target it cannot read is drawn as
	// an external node, not as a missing one.
	Outside eval.Lookup
}

// check validates o and returns it with defaults filled in.
func (o Options) check() (Options, error) {
	switch o.RankDir {
	case "":
		o.RankDir = "LR"
	case "LR", "TB":
	default:
		return o, fmt.Errorf("rank direction %q: want LR or TB", o.RankDir)
	}
	if o.View < ViewTree || o.View > ViewServices {
		return o, fmt.Errorf("unknown view %v", o.View)
	}
	if o.Depth < 0 {
		return o, fmt.Errorf("depth %d: want 0 (no limit) or more", o.Depth)
	}
	if o.Root == "" {
		o.Root = "/"
	}
	if !strings.HasPrefix(o.Root, "/") {
		return o, fmt.Errorf("root %q: want an absolute path", o.Root)
	}
	o.Root = path.Clean(o.Root)
	return o, nil
}

// typeMatches reports whether a node of type typ passes the type filter.
func (o Options) typeMatches(typ string) bool {
	if len(o.Types) == 0 {
		return true
	}
	first, _, _ := strings.Cut(typ, " ")
	for _, t := range o.Types {
		if t == typ || t == first {
			return true
		}
	}
	return false
}
