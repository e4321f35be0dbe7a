package nodedata

import (
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// Decode returns the properties stored in node data, as zc.zk reads them:
// data that is empty after stripping white space gives no properties; data
// wrapped in "{…}" that parses as a JSON object gives its members (JSON
// strings as strings, integers of any size as ints, numbers with a
// fraction or exponent and Infinity/NaN as floats, arrays as lists,
// objects as dicts with their keys sorted); anything else gives one
// property, string_value, holding the original data as a byte string
// ([ast.Bytes]).
func Decode(data []byte) ast.Props {
	s := strings.Trim(string(data), " \t\n\v\f\r")
	if s == "" {
		return ast.Props{}
	}
	if s[0] == '{' && s[len(s)-1] == '}' {
		d := decoder{s: s}
		if p, ok := d.object(); ok {
			d.space()
			if d.i == len(s) {
				return p
			}
		}
	}
	return ast.Props{StringValue: ast.Bytes(string(data))}
}

// decoder is a JSON parser with the grammar of Python's json.loads:
// NaN/Infinity/-Infinity accepted, no control characters in strings, no
// leading zeros.
type decoder struct {
	s string
	i int
}

func (d *decoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// object parses an object whose "{" is at d.i into properties.
func (d *decoder) object() (ast.Props, bool) {
	p := ast.Props{}
	ok := d.members(func(k string, v ast.Value) { p[k] = v })
	return p, ok
}

// members parses "{…}" at d.i and calls add for each member.
func (d *decoder) members(add func(string, ast.Value)) bool {
	d.i++ // '{'
	d.space()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return true
	}
	for {
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return false
		}
		k, ok := d.str()
		if !ok {
			return false
		}
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return false
		}
		d.i++
		d.space()
		v, ok := d.value()
		if !ok {
			return false
		}
		add(k, v)
		d.space()
		if d.i >= len(d.s) {
			return false
		}
		switch d.s[d.i] {
		case ',':
			d.i++
			d.space()
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

func (d *decoder) value() (ast.Value, bool) {
	if d.i >= len(d.s) {
		return ast.None, false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		s, ok := d.str()
		return ast.Str(s), ok
	case c == '{':
		return d.dict()
	case c == '[':
		return d.list()
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	for _, w := range words {
		if strings.HasPrefix(d.s[d.i:], w.text) {
			d.i += len(w.text)
			return w.val, true
		}
	}
	return ast.None, false
}

var words = []struct {
	text string
	val  ast.Value
}{
	{"null", ast.None},
	{"true", ast.True},
	{"false", ast.False},
	{"NaN", ast.Float(math.NaN())},
	{"Infinity", ast.Float(math.Inf(1))},
}

func (d *decoder) dict() (ast.Value, bool) {
	var items []ast.DictItem
	seen := map[string]int{}
	ok := d.members(func(k string, v ast.Value) {
		if j, dup := seen[k]; dup {
			items[j].Value = v
			return
		}
		seen[k] = len(items)
		items = append(items, ast.DictItem{Key: ast.Str(k), Value: v})
	})
	slices.SortFunc(items, func(a, b ast.DictItem) int { return strings.Compare(a.Key.Str(), b.Key.Str()) })
	return ast.Dict(items...), ok
}

func (d *decoder) list() (ast.Value, bool) {
	d.i++ // '['
	d.space()
	var elems []ast.Value
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return ast.List(), true
	}
	for {
		v, ok := d.value()
		if !ok {
			return ast.None, false
		}
		elems = append(elems, v)
		d.space()
		if d.i >= len(d.s) {
			return ast.None, false
		}
		switch d.s[d.i] {
		case ',':
			d.i++
			d.space()
		case ']':
			d.i++
			return ast.List(elems...), true
		default:
			return ast.None, false
		}
	}
}

// number parses -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? or -Infinity.
func (d *decoder) number() (ast.Value, bool) {
	start := d.i
	if d.s[d.i] == '-' {
		d.i++
		if strings.HasPrefix(d.s[d.i:], "Infinity") {
			d.i += len("Infinity")
			return ast.Float(math.Inf(-1)), true
		}
	}
	if d.i < len(d.s) && d.s[d.i] == '0' {
		d.i++
	} else if !d.digits() {
		return ast.None, false
	}
	isFloat := false
	if d.i+1 < len(d.s) && d.s[d.i] == '.' && isDigit(d.s[d.i+1]) {
		d.i++
		d.digits()
		isFloat = true
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		j := d.i + 1
		if j < len(d.s) && (d.s[j] == '+' || d.s[j] == '-') {
			j++
		}
		if j < len(d.s) && isDigit(d.s[j]) {
			d.i = j
			d.digits()
			isFloat = true
		}
	}
	text := d.s[start:d.i]
	if isFloat {
		// The text is well formed; out of range values become ±Inf or 0,
		// as in Python.
		f, _ := strconv.ParseFloat(text, 64)
		return ast.Float(f), true
	}
	if i, err := strconv.ParseInt(text, 10, 64); err == nil {
		return ast.Int(i), true
	}
	b, _ := new(big.Int).SetString(text, 10)
	return ast.BigInt(b), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits skips a run of digits and reports whether there was one.
func (d *decoder) digits() bool {
	start := d.i
	for d.i < len(d.s) && isDigit(d.s[d.i]) {
		d.i++
	}
	return d.i > start
}

// str parses a JSON string whose '"' is at d.i.
func (d *decoder) str() (string, bool) {
	d.i++
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			s := d.s[start:d.i]
			d.i++
			return s, utf8.ValidString(s)
		case c == '\\':
			return d.escapedStr(start)
		case c < 0x20:
			return "", false
		}
		d.i++
	}
	return "", false
}

// escapedStr finishes a string that has escapes; its text starts at start.
func (d *decoder) escapedStr(start int) (string, bool) {
	b := []byte(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), utf8.Valid(b)
		case c < 0x20:
			return "", false
		case c != '\\':
			b = append(b, c)
			d.i++
			continue
		}
		d.i++
		if d.i >= len(d.s) {
			return "", false
		}
		e := d.s[d.i]
		d.i++
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := d.unicodeEscape()
			if !ok {
				return "", false
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
	}
	return "", false
}

// unicodeEscape reads the XXXX of \uXXXX (and a following low surrogate
// escape); a lone surrogate becomes U+FFFD.
func (d *decoder) unicodeEscape() (rune, bool) {
	r, ok := d.hex4(d.i)
	if !ok {
		return 0, false
	}
	d.i += 4
	if utf16.IsSurrogate(r) && r < 0xdc00 && strings.HasPrefix(d.s[d.i:], `\u`) {
		if r2, ok := d.hex4(d.i + 2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
			d.i += 6
			return utf16.DecodeRune(r, r2), true
		}
	}
	if utf16.IsSurrogate(r) {
		return utf8.RuneError, true
	}
	return r, true
}

func (d *decoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(d.s[at:at+4], 16, 32)
	return rune(v), err == nil
}
