package eval

import (
	"encoding/json"
	"io"
	"math"

	"github.com/zktree/zktree/ast"
)

// nodeJSON is one node in the output of [Model.WriteJSON].
type nodeJSON struct {
	Type       *string            `json:"type"`
	Properties map[string]any     `json:"properties"`
	Links      map[string]*string `json:"links"`
}

// WriteJSON writes the model as one indented JSON object keyed by absolute
// node path (the root left out, keys sorted):
//
//	{"/cms": {"type": "z4m cms", "properties": {"threads": 3},
//	          "links": {"db": "/databases/main"}}}
//
// "type" is null for an untyped node. "properties" holds the node's
// properties with property links replaced by the values they read (one
// that cannot be followed is left out); "links" maps each link to the real
// path it leads to, or null when it does not resolve.
//
// Values: None is null; booleans are booleans; integers (of any size) and
// floats are numbers, a float always with a fraction or an exponent (1.0);
// strings are strings; lists and tuples are arrays; dicts are objects whose
// keys are converted as Python's json module does (True is "true", None is
// "null", 1 is "1"; other keys as their literal text). JSON has no infinity
// or NaN: those floats are written as the strings "Infinity", "-Infinity"
// and "NaN", the names JavaScript and Python's json module use. Text is
// written as UTF-8, without \u escapes for non-ASCII or HTML characters.
func (m *Model) WriteJSON(w io.Writer) error {
	out := make(map[string]nodeJSON, m.Len())
	m.Walk(func(n *Node) bool {
		if n == m.root {
			return true
		}
		j := nodeJSON{Properties: map[string]any{}, Links: map[string]*string{}}
		if n.Type != "" {
			j.Type = &n.Type
		}
		props, _ := m.Properties(n)
		for name, v := range props {
			j.Properties[name] = jsonValue(v)
		}
		for _, l := range n.Links {
			j.Links[l.Name()] = nil
			if l.To != nil {
				j.Links[l.Name()] = &l.To.Path
			}
		}
		out[n.Path] = j
		return true
	})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonValue returns v as a value that encoding/json writes as described in
// [Model.WriteJSON].
func jsonValue(v ast.Value) any {
	switch v.Kind() {
	case ast.BoolKind:
		return v.Bool()
	case ast.IntKind:
		return json.Number(v.String())
	case ast.FloatKind:
		if f := v.Float(); math.IsInf(f, 0) || math.IsNaN(f) {
			return jsonKey(v)
		}
		return json.Number(ast.FormatFloat(v.Float()))
	case ast.StringKind:
		return v.Str()
	case ast.ListKind, ast.TupleKind:
		elems := make([]any, len(v.Elems()))
		for i, e := range v.Elems() {
			elems[i] = jsonValue(e)
		}
		return elems
	case ast.DictKind:
		obj := make(map[string]any, len(v.Items()))
		for _, it := range v.Items() {
			obj[jsonKey(it.Key)] = jsonValue(it.Value)
		}
		return obj
	}
	return nil
}

// jsonKey returns the text of a scalar value as Python's json module
// converts a dict key; composite keys give their literal text.
func jsonKey(k ast.Value) string {
	switch k.Kind() {
	case ast.StringKind:
		return k.Str()
	case ast.NoneKind:
		return "null"
	case ast.BoolKind:
		if k.Bool() {
			return "true"
		}
		return "false"
	case ast.FloatKind:
		switch f := k.Float(); {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "Infinity"
		case math.IsInf(f, -1):
			return "-Infinity"
		}
		return ast.FormatFloat(k.Float())
	}
	return k.String() // integers, and the literal text of tuples
}
