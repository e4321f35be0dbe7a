package lsp

import (
	"reflect"
	"sort"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/lint"
)

// analysis is the state of the whole workspace after the latest change:
// every file parsed, one model evaluated over all of them, and the
// diagnostics of each file.
type analysis struct {
	files  []*fileResult // sorted by URI
	byURI  map[DocumentURI]*fileResult
	byPath map[string]*fileResult
	byAST  map[*ast.File]*fileResult
	model  *eval.Model
	diags  map[DocumentURI]ast.Diagnostics
	lint   map[*ast.Diagnostic]bool // the diagnostics that lint rules reported
}

// fileResult is one analysed document.
type fileResult struct {
	doc  *document
	file *ast.File
}

// analyze parses the documents (reusing the syntax tree of unchanged ones),
// evaluates them together so that links across files resolve, and runs the
// lint rules that cfg enables (nil: the defaults). The problems that eval
// finds (dangling links, cycles) come from the lint rules of the same IDs,
// which honour the configuration and "# zktree:ignore" comments.
func analyze(docs map[DocumentURI]*document, cfg *lint.Config) *analysis {
	an := &analysis{
		byURI:  map[DocumentURI]*fileResult{},
		byPath: map[string]*fileResult{},
		byAST:  map[*ast.File]*fileResult{},
		diags:  map[DocumentURI]ast.Diagnostics{},
		lint:   map[*ast.Diagnostic]bool{},
	}
	var all ast.Diagnostics
	files := make([]*ast.File, 0, len(docs))
	sources := make(map[string][]byte, len(docs))
	for _, d := range docs {
		sources[d.path] = d.text
		f, syntax := d.parse()
		fr := &fileResult{doc: d, file: f}
		an.files = append(an.files, fr)
		an.byURI[d.uri], an.byPath[d.path], an.byAST[f] = fr, fr, fr
		all = append(all, syntax...)
	}
	sort.Slice(an.files, func(i, j int) bool { return an.files[i].doc.uri < an.files[j].doc.uri })
	for _, fr := range an.files {
		files = append(files, fr.file)
	}
	an.model, _ = eval.Eval(files...)
	for _, d := range lint.Run(an.model, sources, cfg) {
		an.lint[d] = true
		all = append(all, d)
	}
	for _, d := range all {
		if fr := an.byPath[d.File]; fr != nil {
			an.diags[fr.doc.uri] = append(an.diags[fr.doc.uri], d)
		}
	}
	for _, ds := range an.diags {
		ds.Sort()
	}
	return an
}

// parse returns the document's syntax tree, parsing it only after a change.
func (d *document) parse() (*ast.File, ast.Diagnostics) {
	if d.file == nil {
		d.file, d.syntax = lang.Parse(d.path, d.text)
	}
	return d.file, d.syntax
}

// lspDiagnostics converts the diagnostics of one file.
func (an *analysis) lspDiagnostics(fr *fileResult) []Diagnostic {
	out := []Diagnostic{}
	for _, d := range an.diags[fr.doc.uri] {
		ld := Diagnostic{
			Range:    fr.doc.index.rng(d.Range),
			Severity: int(d.Severity),
			Code:     d.Code,
			Source:   "zktree",
			Message:  d.Message,
		}
		for _, r := range d.Related {
			if rf := an.byPath[r.File]; rf != nil {
				loc := Location{URI: rf.doc.uri, Range: rf.doc.index.rng(r.Range)}
				ld.RelatedInformation = append(ld.RelatedInformation, relatedInformation{Location: loc, Message: r.Message})
			}
		}
		out = append(out, ld)
	}
	return out
}

// reanalyze analyses the documents again and publishes the diagnostics
// that changed, clearing those of documents that went away.
func (s *server) reanalyze() {
	s.an = analyze(s.docs, s.lintConfig)
	s.dirty = false
	for _, fr := range s.an.files {
		ds := s.an.lspDiagnostics(fr)
		last, seen := s.published[fr.doc.uri]
		if seen && fr.doc.version == s.diagVersion[fr.doc.uri] && reflect.DeepEqual(last, ds) {
			continue
		}
		s.publish(fr.doc.uri, fr.doc.version, ds)
	}
	for uri := range s.published {
		if s.an.byURI[uri] == nil {
			s.publish(uri, 0, []Diagnostic{})
			delete(s.published, uri)
		}
	}
}

func (s *server) publish(uri DocumentURI, version int, ds []Diagnostic) {
	s.published[uri] = ds
	s.diagVersion[uri] = version
	p := publishDiagnosticsParams{URI: uri, Diagnostics: ds}
	if version > 0 {
		p.Version = &version
	}
	s.conn.notify("textDocument/publishDiagnostics", p)
}
