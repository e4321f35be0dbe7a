package nodedata

import (
	"bufio"
	"io"
	"strings"

	"github.com/zktree/zktree/ast"
)

// Options control the export layout.
type Options struct {
	// Compat renders values exactly as zc.zk 2.1 does (see [Repr]).
	Compat bool
	// Name, when set, names the top node; for a whole tree ([ExportFile]),
	// one node of that name holds every top-level node, as zc.zk's
	// export_tree(name=…) writes it.
	Name string
}

// Writer writes the export text layout one node at a time, so that a large
// tree streams. The caller walks the tree depth first with children in
// name order: WriteNode for a node, then its children one level deeper.
type Writer struct {
	w     *bufio.Writer
	opts  Options
	line  []byte
	lines int
}

// NewWriter returns a Writer that writes to w. Call Close at the end.
func NewWriter(w io.Writer, opts Options) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), opts: opts}
}

// WriteNode writes one node at the given depth (0 for the top node): the
// line "/NAME" or "/NAME : TYPE", then, indented two more spaces, its
// properties sorted by key as "KEY = VALUE", then its links sorted as
// "NAME -> TARGET".
//
// A property link ("x =>" key) keeps its sorted place among the properties,
// as in zc.zk, but is written "x => TARGET" so that the export re-imports
// (zc.zk writes "x => = u'TARGET'"). A non-empty string type becomes the
// header; a type that is false in Python (an empty string, 0, None, False,
// an empty container) is left out, as zc.zk does; any other type (zc.zk
// fails on it) is written as the property "type = VALUE", which re-imports
// to the same data.
func (w *Writer) WriteNode(depth int, name string, p ast.Props) error {
	indent := 2 * depth
	w.start(indent)
	w.line = append(w.line, '/')
	w.line = append(w.line, name...)
	typ, typeIsProp := p["type"]
	if typ.Kind() == ast.StringKind && typ.Str() != "" {
		if !w.opts.Compat && strings.HasSuffix(name, ":") {
			w.operand(":", typ.Str()) // "/a: : t" would name the node "a"
		} else {
			w.operand(" :", typ.Str())
		}
	}
	typeIsProp = typeIsProp && typ.Kind() != ast.StringKind && truthy(typ)
	if err := w.end(); err != nil {
		return err
	}
	keys := p.Keys()
	for _, k := range keys {
		if strings.HasSuffix(k, " ->") || k == "type" && !typeIsProp {
			continue
		}
		w.start(indent + 2)
		v := p[k]
		if name, ok := strings.CutSuffix(k, " =>"); ok && v.Kind() == ast.StringKind {
			w.line = append(w.line, name...)
			w.operand(" =>", v.Str())
		} else {
			w.line = append(w.line, k...)
			w.line = append(w.line, " = "...)
			w.line = append(w.line, Repr(v, w.opts.Compat)...)
		}
		if err := w.end(); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if !strings.HasSuffix(k, " ->") {
			continue
		}
		w.start(indent + 2)
		if v := p[k]; v.Kind() == ast.StringKind {
			w.operand(k, v.Str())
		} else {
			w.operand(k, Repr(v, w.opts.Compat))
		}
		if err := w.end(); err != nil {
			return err
		}
	}
	return nil
}

// operand appends op, a space and text. Without Compat the space is left
// out before a text that starts with "#", which would otherwise read back
// as a comment ("/a :#t", "l ->#x"); zc.zk always writes the space.
func (w *Writer) operand(op, text string) {
	w.line = append(w.line, op...)
	if w.opts.Compat || !strings.HasPrefix(text, "#") {
		w.line = append(w.line, ' ')
	}
	w.line = append(w.line, text...)
}

func (w *Writer) start(indent int) {
	w.line = w.line[:0]
	for range indent {
		w.line = append(w.line, ' ')
	}
}

func (w *Writer) end() error {
	w.lines++
	w.line = append(w.line, '\n')
	_, err := w.w.Write(w.line)
	return err
}

// Flush writes out what has been written so far, without ending the export
// (for an export that stops on an error).
func (w *Writer) Flush() error { return w.w.Flush() }

// Close ends the export and flushes it. An export without nodes is one
// empty line, as in zc.zk.
func (w *Writer) Close() error {
	if w.lines == 0 {
		if err := w.w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return w.w.Flush()
}

// truthy reports whether v is true in Python.
func truthy(v ast.Value) bool {
	switch v.Kind() {
	case ast.NoneKind:
		return false
	case ast.BoolKind:
		return v.Bool()
	case ast.IntKind:
		return v.BigInt().Sign() != 0
	case ast.FloatKind:
		return v.Float() != 0
	case ast.StringKind:
		return v.Str() != ""
	case ast.ListKind, ast.TupleKind:
		return len(v.Elems()) > 0
	}
	return len(v.Items()) > 0
}
