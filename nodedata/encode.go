package nodedata

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// StringValue is the property that holds node data that is not JSON. When
// it is a node's only property its text is stored as is.
const StringValue = "string_value"

// EncodeError reports a property whose value cannot be stored as node
// data.
type EncodeError struct {
	Key string // the property's key
	Msg string // what is wrong, lower case
}

// Error returns "property KEY: MSG".
func (e *EncodeError) Error() string { return fmt.Sprintf("property %s: %s", e.Key, e.Msg) }

// Encode returns the node data for p, as zc.zk stores it: compact JSON
// with keys sorted and ASCII-only text (\uXXXX escapes, surrogate pairs
// above U+FFFF), Infinity/-Infinity/NaN for non-finite floats, tuples as
// arrays, dict keys converted to strings as Python's json module does, and
// "{}" for no properties. A lone string_value property is stored as its
// raw text. The error is an [*EncodeError].
func Encode(p ast.Props) ([]byte, error) {
	if v, ok := p[StringValue]; ok && len(p) == 1 {
		if v.Kind() != ast.StringKind {
			return nil, &EncodeError{Key: StringValue, Msg: "a lone string_value must be a string, not " + kindName(v)}
		}
		return []byte(v.Str()), nil
	}
	b := make([]byte, 0, 16*len(p)+2)
	b = append(b, '{')
	for i, k := range p.Keys() {
		if i > 0 {
			b = append(b, ',')
		}
		if !utf8.ValidString(k) {
			return nil, &EncodeError{Key: k, Msg: "the name is not valid UTF-8"}
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var msg string
		if b, msg = appendJSON(b, p[k]); msg != "" {
			return nil, &EncodeError{Key: k, Msg: msg}
		}
	}
	return append(b, '}'), nil
}

// appendJSON appends v as JSON; msg says why it cannot be encoded.
func appendJSON(b []byte, v ast.Value) ([]byte, string) {
	switch v.Kind() {
	case ast.NoneKind:
		return append(b, "null"...), ""
	case ast.BoolKind:
		return strconv.AppendBool(b, v.Bool()), ""
	case ast.IntKind:
		if i, ok := v.Int(); ok {
			return strconv.AppendInt(b, i, 10), ""
		}
		return v.BigInt().Append(b, 10), ""
	case ast.FloatKind:
		return append(b, jsonFloat(v.Float())...), ""
	case ast.StringKind:
		if !utf8.ValidString(v.Str()) {
			return b, "a string that is not valid UTF-8 cannot be stored as JSON"
		}
		return appendJSONString(b, v.Str()), ""
	case ast.ListKind, ast.TupleKind:
		return appendJSONArray(b, v.Elems())
	case ast.DictKind:
		return appendJSONObject(b, v.Items())
	}
	return b, "unknown value kind"
}

func appendJSONArray(b []byte, elems []ast.Value) ([]byte, string) {
	b = append(b, '[')
	for i, e := range elems {
		if i > 0 {
			b = append(b, ',')
		}
		var msg string
		if b, msg = appendJSON(b, e); msg != "" {
			return b, msg
		}
	}
	return append(b, ']'), ""
}

func appendJSONObject(b []byte, items []ast.DictItem) ([]byte, string) {
	type member struct {
		key string
		val ast.Value
	}
	ms := make([]member, len(items))
	for i, it := range items {
		k, ok := jsonKey(it.Key)
		if !ok {
			return b, "dict key " + Repr(it.Key, false) + " is not a string, number, bool or None"
		}
		if !utf8.ValidString(k) {
			return b, "a string that is not valid UTF-8 cannot be stored as JSON"
		}
		ms[i] = member{k, it.Value}
	}
	slices.SortStableFunc(ms, func(x, y member) int { return strings.Compare(x.key, y.key) })
	b = append(b, '{')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, m.key)
		b = append(b, ':')
		var msg string
		if b, msg = appendJSON(b, m.val); msg != "" {
			return b, msg
		}
	}
	return append(b, '}'), ""
}

// jsonKey converts a dict key as Python's json module does.
func jsonKey(k ast.Value) (string, bool) {
	switch k.Kind() {
	case ast.StringKind:
		return k.Str(), true
	case ast.FloatKind:
		return jsonFloat(k.Float()), true
	case ast.BoolKind:
		return strconv.FormatBool(k.Bool()), true
	case ast.NoneKind:
		return "null", true
	case ast.IntKind:
		return k.BigInt().String(), true
	}
	return "", false
}

// jsonFloat formats f as Python's json module does (repr, with
// JavaScript's names for non-finite values).
func jsonFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	return ast.FormatFloat(f)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s (valid UTF-8) as an ASCII-only JSON string,
// escaped exactly as Python's json.dumps does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		start = i
		switch r {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		case '\b':
			b = append(b, `\b`...)
		case '\f':
			b = append(b, `\f`...)
		default:
			if r > 0xffff {
				r -= 0x10000
				b = appendU4(b, 0xd800+(r>>10))
				r = 0xdc00 + r&0x3ff
			}
			b = appendU4(b, r)
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// kindName returns Python's name for the type of v.
func kindName(v ast.Value) string {
	switch v.Kind() {
	case ast.NoneKind:
		return "None"
	case ast.BoolKind:
		return "bool"
	case ast.IntKind:
		return "int"
	case ast.FloatKind:
		return "float"
	case ast.StringKind:
		return "str"
	case ast.ListKind:
		return "list"
	case ast.TupleKind:
		return "tuple"
	}
	return "dict"
}
