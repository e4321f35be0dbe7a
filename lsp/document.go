package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/zktree/zktree/ast"
)

// document is the text of a file the server knows: an open editor buffer
// or a workspace file read from disk.
type document struct {
	uri     DocumentURI
	path    string // file name given to the parser and used in diagnostics
	version int
	open    bool // open in the editor; otherwise read from disk
	text    []byte
	index   *lineIndex
	file    *ast.File // the syntax tree of text, nil until parsed
	syntax  ast.Diagnostics
}

func newDocument(uri DocumentURI, version int, text []byte, open bool) *document {
	return &document{uri: uri, path: uriToPath(uri), version: version, open: open, text: text, index: newLineIndex(text)}
}

// applyChanges applies the changes of a didChange notification in order.
// A change without a range replaces the whole text.
func (d *document) applyChanges(version int, changes []contentChange) error {
	for _, c := range changes {
		if c.Range == nil {
			d.text = []byte(c.Text)
		} else {
			start, end := d.index.offset(c.Range.Start), d.index.offset(c.Range.End)
			if end < start {
				return fmt.Errorf("%s: change range ends before it starts", d.uri)
			}
			text := make([]byte, 0, len(d.text)-(end-start)+len(c.Text))
			text = append(text, d.text[:start]...)
			text = append(text, c.Text...)
			d.text = append(text, d.text[end:]...)
		}
		d.index = newLineIndex(d.text)
	}
	d.file, d.syntax = nil, nil
	d.version = version
	return nil
}

// uriToPath returns the file path of a file URI, or the URI itself when it
// is not a file URI.
func uriToPath(uri DocumentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Scheme != "file" {
		return string(uri)
	}
	return filepath.FromSlash(u.Path)
}

// canonicalURI returns a file URI in the form that pathToURI makes, so that
// differently escaped URIs of one file name one document.
func canonicalURI(uri DocumentURI) DocumentURI {
	if u, err := url.Parse(string(uri)); err == nil && u.Scheme == "file" {
		return pathToURI(uriToPath(uri))
	}
	return uri
}

// pathToURI returns the file URI of an absolute path.
func pathToURI(path string) DocumentURI {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return DocumentURI(u.String())
}
