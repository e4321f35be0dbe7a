package gentree

import (
	"fmt"
	"strconv"

	"github.com/zktree/zktree/ast"
)

// Tree returns the source text and the syntax tree of a file named name
// with about n nodes. The tree resolves without problems.
func Tree(name string, n int) ([]byte, *ast.File) {
	g := &gen{f: &ast.File{Name: name}}
	dbs := max(1, n/100)
	services := max(1, (n-3*dbs)/10)
	defaults := g.node(nil, 0, "defaults", "defaults")
	g.prop(defaults, 2, "threads", ast.Int(4), "4")
	g.prop(defaults, 2, "timeout", ast.Int(30), "30")
	databases := g.node(nil, 0, "databases", "group")
	for k := range dbs {
		db := g.node(databases, 2, "db"+strconv.Itoa(k), "postgres")
		g.prop(db, 4, "port", ast.Int(5432), "5432")
		g.node(g.node(db, 4, "replicas", ""), 6, "r0", "")
	}
	svcs := g.node(nil, 0, "services", "group")
	for i := range services {
		svc := g.node(svcs, 2, "svc"+strconv.Itoa(i), "service")
		g.propLink(svc, 4, "threads", "/defaults", "")
		g.prop(svc, 4, "port", ast.Int(8080), "8080")
		g.link(svc, 4, "db", fmt.Sprintf("/databases/db%d", i%dbs))
		g.propLink(svc, 4, "timeout", "../../defaults", "")
		g.propLink(svc, 4, "dbport", "db", "port")
		providers := g.node(svc, 4, "providers", "")
		for j := range 8 {
			h := g.node(providers, 6, "h"+strconv.Itoa(j), "host")
			g.prop(h, 8, "weight", ast.Int(1), "1")
			g.link(h, 8, "svc", "../..")
		}
	}
	g.f.Lines = int(g.line)
	return g.src, g.f
}

type gen struct {
	f    *ast.File
	src  []byte
	line int32
}

// start begins a line with indent spaces and returns the position of its
// content.
func (g *gen) start(indent int) ast.Pos {
	g.line++
	for range indent {
		g.src = append(g.src, ' ')
	}
	return ast.Pos{Offset: int32(len(g.src)), Line: g.line, Col: int32(indent + 1)}
}

// span appends text and returns its range, starting at p.
func (g *gen) span(p ast.Pos, text string) ast.Range {
	g.src = append(g.src, text...)
	end := p
	end.Offset += int32(len(text))
	end.Col += int32(len(text))
	return ast.Range{Start: p, End: end}
}

// pos returns the current position on the line being written.
func (g *gen) pos(lineStart ast.Pos) ast.Pos {
	p := lineStart
	p.Col += int32(len(g.src)) - p.Offset
	p.Offset = int32(len(g.src))
	return p
}

func (g *gen) node(parent *ast.Node, indent int, name, typ string) *ast.Node {
	p := g.start(indent)
	n := &ast.Node{Indent: int32(indent), Name: name, Type: typ}
	n.Range = g.span(p, "/"+name)
	if typ != "" {
		g.src = append(g.src, " : "...)
		n.TypeRange = g.span(g.pos(p), typ)
		n.Range.End = n.TypeRange.End
	}
	g.src = append(g.src, '\n')
	if parent == nil {
		g.f.Nodes = append(g.f.Nodes, n)
	} else {
		parent.Body = append(parent.Body, n)
	}
	return n
}

func (g *gen) prop(n *ast.Node, indent int, name string, v ast.Value, text string) {
	p := g.start(indent)
	g.span(p, name+" = ")
	vr := g.span(g.pos(p), text)
	g.src = append(g.src, '\n')
	n.Body = append(n.Body, &ast.Property{Range: ast.Range{Start: p, End: vr.End}, Indent: int32(indent), Name: name, Value: v, ValueRange: vr})
}

func (g *gen) link(n *ast.Node, indent int, name, target string) {
	p := g.start(indent)
	g.span(p, name+" -> ")
	tr := g.span(g.pos(p), target)
	g.src = append(g.src, '\n')
	n.Body = append(n.Body, &ast.Link{Range: ast.Range{Start: p, End: tr.End}, Indent: int32(indent), Name: name, Target: target, TargetRange: tr})
}

func (g *gen) propLink(n *ast.Node, indent int, name, target, prop string) {
	p := g.start(indent)
	g.span(p, name+" => ")
	l := &ast.PropLink{Indent: int32(indent), Name: name, Target: target, Prop: prop}
	l.TargetRange = g.span(g.pos(p), target)
	end := l.TargetRange.End
	if prop != "" {
		g.src = append(g.src, ' ')
		l.PropRange = g.span(g.pos(p), prop)
		end = l.PropRange.End
	}
	g.src = append(g.src, '\n')
	l.Range = ast.Range{Start: p, End: end}
	n.Body = append(n.Body, l)
}
