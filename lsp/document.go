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
// A change without a range replaces the whole text. A character beyond the
// end of its line means the end of the line, as LSP says; a range that
// reaches past the last line is clamped to the end of the text, and
// clamped says so. A negative position, or a range that ends before it
// starts, rejects the whole notification and leaves the document as it was.
func (d *document) applyChanges(version int, changes []contentChange) (clamped bool, err error) {
	text, index := d.text, d.index
	for _, c := range changes {
		if c.Range == nil {
			text = []byte(c.Text)
		} else {
			start, startPast, err := index.checkedOffset(c.Range.Start)
			if err != nil {
				return false, fmt.Errorf("%s: change rejected: %v", d.uri, err)
			}
			end, endPast, err := index.checkedOffset(c.Range.End)
			if err != nil {
				return false, fmt.Errorf("%s: change rejected: %v", d.uri, err)
			}
			if end < start {
				return false, fmt.Errorf("%s: change rejected: its range ends before it starts", d.uri)
			}
			clamped = clamped || startPast || endPast
			edited := make([]byte, 0, len(text)-(end-start)+len(c.Text))
			edited = append(edited, text[:start]...)
			edited = append(edited, c.Text...)
			text = append(edited, text[end:]...)
		}
		index = newLineIndex(text)
	}
	d.text, d.index = text, index
	d.file, d.syntax = nil, nil
	d.version = version
	return clamped, nil
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
