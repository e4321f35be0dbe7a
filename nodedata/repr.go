package nodedata

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// Repr renders a property value for export. With compat it is exactly
// zc.zk 2.1's rendering, Python 2's repr of the JSON-decoded value:
// u'…' strings with Python 2's escapes, '…' for byte strings
// ([ast.Value.IsBytes]), an L suffix on integers outside the signed 64-bit
// range, Python 2.7's float repr, True/False/None, lists, tuples, and dicts
// with their keys sorted. Without compat it is the canonical literal form
// ([ast.Value.String]).
func Repr(v ast.Value, compat bool) string {
	if !compat {
		return v.String()
	}
	var b strings.Builder
	pyRepr(&b, v, true)
	return b.String()
}

// pyRepr writes Python 2's repr of v. Strings that are not byte strings
// are unicode (u'…') when unicode is set, else Python 2 str objects
// holding their UTF-8 text.
func pyRepr(b *strings.Builder, v ast.Value, unicode bool) {
	switch v.Kind() {
	case ast.IntKind:
		if i, ok := v.Int(); ok {
			b.WriteString(strconv.FormatInt(i, 10))
		} else {
			b.WriteString(v.BigInt().String())
			b.WriteByte('L')
		}
	case ast.StringKind:
		if unicode && !v.IsBytes() {
			writeUnicodeRepr(b, v.Str())
		} else {
			writeBytesRepr(b, v.Str())
		}
	case ast.ListKind, ast.TupleKind:
		open, close := "[", "]"
		if v.Kind() == ast.TupleKind {
			open, close = "(", ")"
		}
		b.WriteString(open)
		for i, e := range v.Elems() {
			if i > 0 {
				b.WriteString(", ")
			}
			pyRepr(b, e, unicode)
		}
		if v.Kind() == ast.TupleKind && len(v.Elems()) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(close)
	case ast.DictKind:
		b.WriteByte('{')
		for i, it := range sortedItems(v.Items()) {
			if i > 0 {
				b.WriteString(", ")
			}
			pyRepr(b, it.Key, unicode)
			b.WriteString(": ")
			pyRepr(b, it.Value, unicode)
		}
		b.WriteByte('}')
	case ast.FloatKind:
		b.WriteString(ast.FormatFloat(v.Float())) // Python's repr: inf, not 1e999
	default: // None and bool print as canonical literals
		b.WriteString(v.String())
	}
}

// sortedItems returns dict items ordered by key: strings by their text,
// after every other key ordered by its canonical literal.
func sortedItems(items []ast.DictItem) []ast.DictItem {
	sortKey := func(k ast.Value) string {
		if k.Kind() == ast.StringKind {
			return "\x01" + k.Str()
		}
		return "\x00" + k.String()
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(x, y ast.DictItem) int {
		return strings.Compare(sortKey(x.Key), sortKey(y.Key))
	})
	return out
}

// pyQuote returns the quote Python 2 uses for a string: ' unless the text
// has a ' and no ".
func pyQuote(s string) byte {
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		return '"'
	}
	return '\''
}

// writeUnicodeRepr writes Python 2's repr of a unicode string: u'…' with
// \t \n \r, \xNN below 0x20 and from 0x7f to 0xff, \uNNNN up to 0xffff and
// \UNNNNNNNN above. Bytes that are not UTF-8 are written as \xNN.
func writeUnicodeRepr(b *strings.Builder, s string) {
	q := pyQuote(s)
	b.WriteByte('u')
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(s[i])
		}
		i += size
		switch {
		case r < 0x7f:
			writeASCII(b, byte(r), q)
		case r <= 0xff:
			writeEscape(b, 'x', uint32(r), 2)
		case r <= 0xffff:
			writeEscape(b, 'u', uint32(r), 4)
		default:
			writeEscape(b, 'U', uint32(r), 8)
		}
	}
	b.WriteByte(q)
}

// writeBytesRepr writes Python 2's repr of a byte string: '…' with \t \n
// \r, and \xNN for other bytes below 0x20 or from 0x7f.
func writeBytesRepr(b *strings.Builder, s string) {
	q := pyQuote(s)
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x7f {
			writeASCII(b, c, q)
		} else {
			writeEscape(b, 'x', uint32(c), 2)
		}
	}
	b.WriteByte(q)
}

// writeASCII writes one character below 0x7f of a Python 2 repr.
func writeASCII(b *strings.Builder, c, q byte) {
	switch c {
	case '\\', q:
		b.WriteByte('\\')
		b.WriteByte(c)
	case '\t':
		b.WriteString(`\t`)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	default:
		if c < 0x20 {
			writeEscape(b, 'x', uint32(c), 2)
		} else {
			b.WriteByte(c)
		}
	}
}

func writeEscape(b *strings.Builder, kind byte, v uint32, width int) {
	b.WriteByte('\\')
	b.WriteByte(kind)
	for shift := 4 * (width - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[v>>uint(shift)&0xf])
	}
}

// pyStr returns Python 2's str() of v, as the dry-run messages print
// values: strings as their text, integers without an L, floats with 12
// significant digits, containers as their repr.
func pyStr(v ast.Value, unicode bool) string {
	switch v.Kind() {
	case ast.StringKind:
		return v.Str()
	case ast.IntKind:
		return v.BigInt().String()
	case ast.FloatKind:
		return pyStrFloat(v.Float())
	}
	var b strings.Builder
	pyRepr(&b, v, unicode)
	return b.String()
}

// pyStrFloat formats f as Python 2's str(float): '%.12g', with ".0" added
// when the result looks like an integer.
func pyStrFloat(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return ast.FormatFloat(f)
	}
	s := strconv.FormatFloat(f, 'g', 12, 64)
	if math.Signbit(f) && s[0] != '-' {
		s = "-" + s // strconv drops the sign of -0
	}
	if strings.ContainsAny(s, ".e") {
		return s
	}
	return s + ".0"
}
