package lsp

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

// This file holds the features that edit documents: formatting, rename and
// code actions.

func (s *server) formatting(p *documentFormattingParams) (any, error) {
	d, err := s.doc(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out, ds := lang.Format(d.path, d.text)
	if ds.HasErrors() {
		// No edits, as gopls does: the diagnostics already show the
		// errors, and editors that format on save would show a failure.
		return []TextEdit{}, nil
	}
	return lineEdits(d, out), nil
}

// lineEdits returns one edit that turns d's text into text, replacing only
// the lines between their common first and last lines.
func lineEdits(d *document, text []byte) []TextEdit {
	old := d.text
	if bytes.Equal(old, text) {
		return []TextEdit{}
	}
	// Shrink to whole lines that differ.
	pre := 0
	for pre < len(old) && pre < len(text) && old[pre] == text[pre] {
		pre++
	}
	pre = bytes.LastIndexByte(old[:pre], '\n') + 1
	suf := 0
	for suf < len(old)-pre && suf < len(text)-pre && old[len(old)-1-suf] == text[len(text)-1-suf] {
		suf++
	}
	if i := bytes.IndexByte(old[len(old)-suf:], '\n'); i >= 0 {
		suf -= i + 1
	} else {
		suf = 0
	}
	r := Range{Start: d.index.position(pre), End: d.index.position(len(old) - suf)}
	return []TextEdit{{Range: r, NewText: string(text[pre : len(text)-suf])}}
}

func (s *server) prepareRename(p *textDocumentPositionParams) (any, error) {
	c, err := s.cursorAt(*p)
	if err != nil {
		return nil, err
	}
	n, r := s.nodeAt(c)
	if n == nil || len(n.Decls) == 0 {
		return nil, nil
	}
	return map[string]any{"range": c.fr.doc.index.rng(r), "placeholder": n.Name}, nil
}

func (s *server) rename(p *renameParams) (any, error) {
	c, err := s.cursorAt(p.textDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	n, _ := s.nodeAt(c)
	if n == nil || len(n.Decls) == 0 {
		return nil, errorf(codeRequestFailed, "no node to rename here")
	}
	if msg := checkNodeName(n, p.NewName); msg != "" {
		return nil, errorf(codeRequestFailed, "cannot rename %s to %q: %s", n.Path, p.NewName, msg)
	}
	return s.an.renameEdits(n, p.NewName), nil
}

// checkNodeName returns why n cannot be renamed to name, or "": a name the
// tree syntax cannot hold, one that ZooKeeper refuses or reserves (as the
// INVALID_NODE_NAME lint rule checks), the name of a sibling, or that of a
// link of the parent, which the renamed node would hide (paths through the
// name would reach the node instead of the link's target).
func checkNodeName(n *eval.Node, name string) string {
	switch {
	case name == "" || strings.ContainsFunc(name, unicode.IsSpace) || strings.Contains(name, "/"):
		return "a node name is one or more characters other than blanks and /"
	case n.Parent == nil:
		return "the root has no name"
	}
	if why := ast.NodeNameProblem(name, n.Parent.Parent == nil); why != "" {
		return "the name " + why
	}
	if name != n.Name && n.Parent.Child(name) != nil {
		return "the node already has a sibling of that name"
	}
	for _, l := range n.Parent.Links {
		if name != n.Name && l.Name() == name {
			return "the parent has a link of that name, which the node would hide"
		}
	}
	return ""
}

// renameEdits renames node n: its node lines, and every element of a link
// or property-link target that names it, in every file.
func (an *analysis) renameEdits(n *eval.Node, name string) WorkspaceEdit {
	edits := WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{}}
	add := func(f *ast.File, r ast.Range) {
		if fr := an.byAST[f]; fr != nil {
			edits.Changes[fr.doc.uri] = append(edits.Changes[fr.doc.uri], TextEdit{Range: fr.doc.index.rng(r), NewText: name})
		}
	}
	for _, d := range n.Decls {
		add(d.File, d.Node.NameRange())
	}
	targets := func(f *ast.File, from *eval.Node, target string, r ast.Range) {
		for _, seg := range targetSegments(target, r) {
			if seg.name != n.Name {
				continue
			}
			if real, err := an.model.Resolve(absPath(from.Path, seg.prefix)); err == nil && real == n.Path {
				add(f, seg.r)
			}
		}
	}
	for _, l := range an.model.Links() {
		targets(l.File, l.From, l.Syntax.Target, l.Syntax.TargetRange)
	}
	for _, pl := range an.model.PropLinks() {
		targets(pl.File, pl.From, pl.Syntax.Target, pl.Syntax.TargetRange)
	}
	return edits
}

func (s *server) codeAction(p *codeActionParams) (any, error) {
	fr, err := s.fileResult(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	x := fr.doc.index
	start, err := x.requestOffset(p.Range.Start)
	if err != nil {
		return nil, err
	}
	end, err := x.requestOffset(p.Range.End)
	if err != nil {
		return nil, err
	}
	actions := []CodeAction{}
	lds := s.an.lspDiagnostics(fr)
	for i, d := range s.an.diags[fr.doc.uri] {
		if int(d.Range.End.Offset) < start || int(d.Range.Start.Offset) > end {
			continue
		}
		if a, ok := s.suggestionFix(fr, d); ok {
			a.Diagnostics = []Diagnostic{lds[i]}
			actions = append(actions, a)
		}
		if s.an.lint[d] {
			a := ignoreFix(fr, d)
			a.Diagnostics = []Diagnostic{lds[i]}
			actions = append(actions, a)
		}
	}
	return actions, nil
}

// suggestionFix applies a diagnostic's "did you mean" suggestion: a path
// replaces the target, a property name replaces the property a property
// link names or is added after its target.
func (s *server) suggestionFix(fr *fileResult, d *ast.Diagnostic) (CodeAction, bool) {
	if d.Suggestion == "" {
		return CodeAction{}, false
	}
	edit := TextEdit{Range: fr.doc.index.rng(d.Range), NewText: d.Suggestion}
	if !strings.HasPrefix(d.Suggestion, "/") {
		if _, e := ast.EntryAt(fr.file, int(d.Range.Start.Offset)); e != nil {
			if pl, ok := e.(*ast.PropLink); ok && pl.Prop == "" {
				end := fr.doc.index.position(int(d.Range.End.Offset))
				edit = TextEdit{Range: Range{Start: end, End: end}, NewText: " " + d.Suggestion}
			}
		}
	}
	return CodeAction{
		Title:       "Change to " + d.Suggestion,
		Kind:        codeActionQuickFix,
		IsPreferred: true,
		Edit:        &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{fr.doc.uri: {edit}}},
	}, true
}

// ignoreFix inserts "# zktree:ignore RULE_ID" on its own line above the line
// of a lint finding, at the same indentation.
func ignoreFix(fr *fileResult, d *ast.Diagnostic) CodeAction {
	x := fr.doc.index
	line := x.position(int(d.Range.Start.Offset)).Line
	lineStart := x.starts[line]
	text := fr.doc.text[lineStart:x.lineEnd(line)]
	indent := text[:len(text)-len(bytes.TrimLeft(text, " \t"))]
	at := Position{Line: line}
	edit := TextEdit{Range: Range{Start: at, End: at}, NewText: string(indent) + "# zktree:ignore " + d.Code + "\n"}
	return CodeAction{
		Title: "Ignore " + d.Code + " for this line",
		Kind:  codeActionQuickFix,
		Edit:  &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{fr.doc.uri: {edit}}},
	}
}
