package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/editdist"
)

// Codes of the diagnostics that [EvalMounts] reports. Package lint reports
// the same problems under the same IDs.
const (
	CodeDanglingLink     = "DANGLING_LINK"          // a link whose target does not exist
	CodeLinkCycle        = "LINK_CYCLE"             // a link that leads back to itself
	CodeDanglingPropLink = "DANGLING_PROPERTY_LINK" // a property link whose node or property is missing
	CodePropLinkCycle    = "PROPERTY_LINK_CYCLE"    // property links that read each other in a loop
	CodeInvalidMountPath = "INVALID_MOUNT_PATH"     // a [Mount] whose path is not absolute
)

// LinkDiagnostic describes the failure of l (l.Err must be set): the range
// of its target, a "did you mean" suggestion and related places.
func (m *Model) LinkDiagnostic(l *Link) *ast.Diagnostic {
	d := &ast.Diagnostic{Severity: ast.Error, File: l.File.Name, Range: l.Syntax.TargetRange}
	var loop *LinkLoopError
	if errors.As(l.Err, &loop) {
		d.Code = CodeLinkCycle
		d.Message = loopMessage(fmt.Sprintf("link %q", l.Name()), ast.JoinPath(l.From.Path, l.Name()), loop.Paths, " -> ")
		for _, p := range loop.Paths[:len(loop.Paths)-1] {
			if o := m.linkAt(p); o != nil && o != l {
				d.Related = append(d.Related, ast.Related{File: o.File.Name, Range: o.Syntax.Range, Message: "link " + p + " in the loop"})
			}
		}
		return d
	}
	d.Code = CodeDanglingLink
	if o := m.linkAt(l.Path); o != nil && o != l && o.Err != nil {
		d.Message = fmt.Sprintf("link %q leads to the link %s, which does not resolve", l.Name(), l.Path)
		d.Related = append(d.Related, ast.Related{File: o.File.Name, Range: o.Syntax.Range, Message: "the broken link"})
		return d
	}
	d.Message = fmt.Sprintf("link %q: no node %s", l.Name(), l.Path)
	m.explainMissing(d, l.Path)
	if d.Suggestion != "" {
		d.Message += fmt.Sprintf("; did you mean %s?", d.Suggestion)
	}
	return d
}

// PropLinkDiagnostic describes the failure of pl (pl.Err must be set).
func (m *Model) PropLinkDiagnostic(pl *PropLink) *ast.Diagnostic {
	s := pl.Syntax
	d := &ast.Diagnostic{Severity: ast.Error, Code: CodeDanglingPropLink, File: pl.File.Name, Range: s.TargetRange}
	reason, depth := innermost(pl.Err)
	var (
		loop   *LinkLoopError
		noNode *NoNodeError
		noProp *NoPropertyError
	)
	switch {
	case errors.As(reason, &loop) && loop.PropertyLinks:
		d.Code = CodePropLinkCycle
		d.Message = loopMessage(fmt.Sprintf("property link %q", s.Name), pl.From.Path+" "+s.Name, loop.Steps(), " => ")
		for i, p := range loop.Paths[:len(loop.Paths)-1] {
			if o := m.propLinkAt(p, loop.Props[i]); o != nil && o != pl {
				d.Related = append(d.Related, ast.Related{File: o.File.Name, Range: o.Syntax.Range, Message: "property link " + p + " " + o.Name() + " in the loop"})
			} else if o == nil {
				m.relate(d, p, "is read in the loop")
			}
		}
	case depth > 1:
		if inner := m.brokenInChain(pl, depth); inner != nil {
			where := inner.From.Path + " " + inner.Name()
			d.Message = fmt.Sprintf("property link %q reads through the broken property link %s: %v", s.Name, where, reason)
			d.Related = append(d.Related, ast.Related{File: inner.File.Name, Range: inner.Syntax.Range, Message: "the broken property link " + where})
		} else {
			d.Message = fmt.Sprintf("property link %q reads through a broken property link: %v", s.Name, reason)
		}
	case errors.As(reason, &noNode):
		d.Message = fmt.Sprintf("property link %q: no node %s", s.Name, noNode.Path)
		m.explainMissing(d, noNode.Path)
	case errors.As(reason, &noProp):
		d.Message = fmt.Sprintf("property link %q: node %s has no property %q", s.Name, noProp.Path, noProp.Name)
		if s.Prop != "" {
			d.Range = s.PropRange
		}
		if n := m.nodes[noProp.Path]; n != nil {
			d.Suggestion = closest(noProp.Name, n.PropertyNames())
			m.relate(d, noProp.Path, "is the node it reads")
		}
	default:
		d.Message = fmt.Sprintf("property link %q: %v", s.Name, reason)
	}
	if d.Suggestion != "" {
		d.Message += fmt.Sprintf("; did you mean %s?", d.Suggestion)
	}
	return d
}

// loopMessage describes a loop of the steps (the repeated step last) met
// while following what (a link) from its own step self: "WHAT is in a
// loop: A -> B -> A" with the cycle starting at self when self is part of
// it, else "WHAT leads into a loop: X -> A -> B -> A".
func loopMessage(what, self string, steps []string, sep string) string {
	last := len(steps) - 1
	start := slices.Index(steps, steps[last])
	cycle := steps[start:last]
	k := slices.Index(cycle, self)
	if k < 0 {
		return fmt.Sprintf("%s leads into a loop: %s", what, strings.Join(steps, sep))
	}
	rotated := append(append(slices.Clone(cycle[k:]), cycle[:k]...), self)
	return fmt.Sprintf("%s is in a loop: %s", what, strings.Join(rotated, sep))
}

// brokenInChain returns the property link at the end of the chain of
// depth links that starts at pl (the one whose failure broke the chain), or
// nil when the chain cannot be retraced in the model.
func (m *Model) brokenInChain(pl *PropLink, depth int) *PropLink {
	for ; depth > 1; depth-- {
		name := pl.Syntax.Prop
		if name == "" {
			name = pl.Name()
		}
		if pl.To == nil {
			return nil
		}
		var next *PropLink
		for _, c := range pl.To.PropLinks {
			if c.Name() == name {
				next = c
			}
		}
		if next == nil || next.Shadowed {
			return nil
		}
		pl = next
	}
	return pl
}

// propLinkAt returns the property link called name of the node at the real
// path, or nil.
func (m *Model) propLinkAt(path, name string) *PropLink {
	if n := m.nodes[path]; n != nil {
		for _, pl := range n.PropLinks {
			if pl.Name() == name {
				return pl
			}
		}
	}
	return nil
}

// innermost returns the reason at the end of a chain of
// BadPropertyLinkErrors and the length of the chain.
func innermost(err error) (error, int) {
	depth := 0
	for {
		bp, ok := err.(*BadPropertyLinkError)
		if !ok {
			return err, depth
		}
		err, depth = bp.Err, depth+1
	}
}

// relate adds the declaration of the node at path, if any, to d.Related.
func (m *Model) relate(d *ast.Diagnostic, path, msg string) {
	if n := m.nodes[path]; n != nil && len(n.Decls) > 0 {
		dc := n.Decls[0]
		d.Related = append(d.Related, ast.Related{File: dc.File.Name, Range: dc.Node.Range, Message: path + " " + msg})
	}
}

// explainMissing adds to d the deepest existing node on the way to the
// missing path and a suggestion of a path that exists.
func (m *Model) explainMissing(d *ast.Diagnostic, path string) {
	parts, cur, i := m.deepest(path)
	if i == len(parts) {
		return
	}
	p := parts[i]
	if p == "" {
		// An empty element: a trailing "/" or a "//", which no node path
		// has.
		d.Suggestion = m.withoutEmpty(parts)
		return
	}
	d.Suggestion = m.suggest(parts, cur, i)
	if o := m.linkAt(ast.JoinPath(cur, p)); o != nil {
		d.Related = append(d.Related, ast.Related{File: o.File.Name, Range: o.Syntax.Range, Message: "the link " + ast.JoinPath(cur, p) + " on the way does not resolve"})
	} else if cur != "/" {
		m.relate(d, cur, fmt.Sprintf("has no child or link %q", p))
	}
}

// deepest splits the absolute path into its elements and follows them from
// the root while they resolve: cur is the real path of the last node
// reached and i the index of the first element that does not resolve
// (len(parts) when all do).
func (m *Model) deepest(path string) (parts []string, cur string, i int) {
	parts = strings.Split(strings.TrimPrefix(path, "/"), "/")
	cur = "/"
	for i, p := range parts {
		next, err := Resolve(m, ast.JoinPath(cur, p))
		if err != nil {
			return parts, cur, i
		}
		cur = next
	}
	return parts, cur, len(parts)
}

// linkAt returns the link that the path of a link (".../node/name") names.
func (m *Model) linkAt(path string) *Link {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return nil
	}
	base, err := Resolve(m, path[:i])
	if err != nil {
		return nil
	}
	for _, l := range m.nodes[base].Links {
		if l.Name() == path[i+1:] {
			return l
		}
	}
	return nil
}

// withoutEmpty returns the path of parts without its empty elements if it
// resolves, or "".
func (m *Model) withoutEmpty(parts []string) string {
	cand := "/" + strings.Join(slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" }), "/")
	if _, err := Resolve(m, cand); err != nil {
		return ""
	}
	return cand
}

// suggest returns a path that exists and differs from the missing path
// (split into parts, whose element i is missing below the real path cur; see
// [Model.deepest]) in element i by a small edit, or "".
func (m *Model) suggest(parts []string, cur string, i int) string {
	n := m.nodes[cur]
	names := make([]string, 0, len(n.Children)+len(n.Links))
	for _, c := range n.Children {
		names = append(names, c.Name)
	}
	for _, l := range n.Links {
		names = append(names, l.Name())
	}
	best := closest(parts[i], names)
	if best == "" {
		return ""
	}
	fixed := append(append(append([]string{}, parts[:i]...), best), parts[i+1:]...)
	cand := "/" + strings.Join(fixed, "/")
	if _, err := Resolve(m, cand); err != nil {
		return ""
	}
	return cand
}

// closest returns the candidate nearest to word by edit distance, if it is
// near enough to be a likely typo, or "".
func closest(word string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editdist.Distance(word, c); d < bestDist && d < len([]rune(word)) {
			best, bestDist = c, d
		}
	}
	return best
}
