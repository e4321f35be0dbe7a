package ast

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the type of a literal [Value].
type Kind uint8

// The kinds of values a property may hold (Python literals).
const (
	NoneKind Kind = iota
	BoolKind
	IntKind
	FloatKind
	StringKind
	ListKind
	TupleKind // stored in ZooKeeper as a JSON array, like a list
	DictKind
)

// Value is a property value: a Python literal, never code. The zero Value
// is None. Values are immutable and compact (40 bytes); build them with
// [Str], [Int], [List], … and read them with the accessors.
type Value struct {
	kind  Kind
	bytes bool   // a byte string: node data that was not JSON
	str   string // StringKind
	num   uint64 // BoolKind (0/1), IntKind (int64 bits), FloatKind (float64 bits)
	ext   *ext   // big integers and the elements of composites
}

type ext struct {
	big   *big.Int
	elems []Value
	items []DictItem
}

// DictItem is one key: value pair of a dict.
type DictItem struct {
	Key, Value Value
}

// Constructors for the constant values.
var (
	None  = Value{}
	True  = Value{kind: BoolKind, num: 1}
	False = Value{kind: BoolKind}
)

// Bool returns True or False.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// Str returns a string value.
func Str(s string) Value { return Value{kind: StringKind, str: s} }

// Bytes returns a byte-string value: node data that was not JSON, which
// zc.zk shows without a u prefix.
func Bytes(s string) Value { return Value{kind: StringKind, str: s, bytes: true} }

// Int returns an integer value.
func Int(i int64) Value { return Value{kind: IntKind, num: uint64(i)} }

// BigInt returns an integer value, stored as an int64 when it fits.
func BigInt(b *big.Int) Value {
	if b.IsInt64() {
		return Int(b.Int64())
	}
	return Value{kind: IntKind, ext: &ext{big: new(big.Int).Set(b)}}
}

// Float returns a float value.
func Float(f float64) Value { return Value{kind: FloatKind, num: math.Float64bits(f)} }

// List returns a list value.
func List(elems ...Value) Value { return Value{kind: ListKind, ext: &ext{elems: elems}} }

// Tuple returns a tuple value.
func Tuple(elems ...Value) Value { return Value{kind: TupleKind, ext: &ext{elems: elems}} }

// Dict returns a dict value with its items in the given order.
func Dict(items ...DictItem) Value { return Value{kind: DictKind, ext: &ext{items: items}} }

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// Bool returns the value of a BoolKind value.
func (v Value) Bool() bool { return v.kind == BoolKind && v.num != 0 }

// Int returns an IntKind value as an int64; ok is false when it does not
// fit (use [Value.BigInt]).
func (v Value) Int() (i int64, ok bool) {
	if v.kind != IntKind || v.ext != nil {
		return 0, false
	}
	return int64(v.num), true
}

// BigInt returns an IntKind value as a new big.Int.
func (v Value) BigInt() *big.Int {
	if v.ext != nil && v.ext.big != nil {
		return new(big.Int).Set(v.ext.big)
	}
	return big.NewInt(int64(v.num))
}

// Float returns the value of a FloatKind value.
func (v Value) Float() float64 { return math.Float64frombits(v.num) }

// Str returns the text of a StringKind value.
func (v Value) Str() string { return v.str }

// IsBytes reports whether v is a byte string (see [Bytes]).
func (v Value) IsBytes() bool { return v.bytes }

// Elems returns the elements of a list or tuple. Do not modify them.
func (v Value) Elems() []Value {
	if v.ext == nil {
		return nil
	}
	return v.ext.elems
}

// Items returns the items of a dict, in source order. Do not modify them.
func (v Value) Items() []DictItem {
	if v.ext == nil {
		return nil
	}
	return v.ext.items
}

// Equal reports whether v and w are the same literal (same kinds, same
// contents; float NaN equals NaN). It is structural, not Python's ==.
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case NoneKind:
		return true
	case BoolKind:
		return v.num == w.num
	case IntKind:
		if v.ext == nil && w.ext == nil {
			return v.num == w.num
		}
		return v.BigInt().Cmp(w.BigInt()) == 0
	case FloatKind:
		return v.num == w.num || math.IsNaN(v.Float()) && math.IsNaN(w.Float())
	case StringKind:
		return v.str == w.str && v.bytes == w.bytes
	case ListKind, TupleKind:
		a, b := v.Elems(), w.Elems()
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !a[i].Equal(b[i]) {
				return false
			}
		}
		return true
	case DictKind:
		a, b := v.Items(), w.Items()
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !a[i].Key.Equal(b[i].Key) || !a[i].Value.Equal(b[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}

// String returns the canonical literal form of v, as the formatter prints
// it: strings single-quoted unless double quotes need fewer escapes,
// printable non-ASCII kept, floats in Python's shortest round-trip form,
// infinities as 1e999 and -1e999 (literals that read back as infinity).
func (v Value) String() string {
	var b strings.Builder
	v.write(&b)
	return b.String()
}

func (v Value) write(b *strings.Builder) {
	switch v.kind {
	case NoneKind:
		b.WriteString("None")
	case BoolKind:
		if v.Bool() {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case IntKind:
		if i, ok := v.Int(); ok {
			b.WriteString(strconv.FormatInt(i, 10))
		} else {
			b.WriteString(v.BigInt().String())
		}
	case FloatKind:
		switch f := v.Float(); {
		case math.IsInf(f, 1):
			b.WriteString("1e999")
		case math.IsInf(f, -1):
			b.WriteString("-1e999")
		default:
			b.WriteString(FormatFloat(f))
		}
	case StringKind:
		b.WriteString(QuoteString(v.str))
	case ListKind, TupleKind:
		open, close := "[", "]"
		if v.kind == TupleKind {
			open, close = "(", ")"
		}
		b.WriteString(open)
		for i, e := range v.Elems() {
			if i > 0 {
				b.WriteString(", ")
			}
			e.write(b)
		}
		if v.kind == TupleKind && len(v.Elems()) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(close)
	case DictKind:
		b.WriteByte('{')
		for i, it := range v.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			it.Key.write(b)
			b.WriteString(": ")
			it.Value.write(b)
		}
		b.WriteByte('}')
	}
}

// FormatFloat formats f as Python's repr does: the shortest text that
// round-trips, in exponent form when the exponent is below -4 or at least
// 16, otherwise as a decimal that always has a fraction ("1.0"); "inf",
// "-inf" and "nan" for non-finite values.
func FormatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		x := strconv.Itoa(exp)
		if len(x) < 2 {
			x = "0" + x
		}
		return sign + m + "e" + es + x
	}
	var s string
	switch {
	case exp < 0:
		s = "0." + strings.Repeat("0", -exp-1) + digits
	case exp+1 >= len(digits):
		s = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	default:
		s = digits[:exp+1] + "." + digits[exp+1:]
	}
	return sign + s
}

// QuoteString quotes s as a canonical literal: single quotes, or double
// quotes when s contains a single quote and no double quote; backslash
// escapes for \\, the quote, \n, \r, \t and other control characters;
// printable non-ASCII characters are kept as they are.
func QuoteString(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			writeHex(&b, uint64(s[i-1]), 2)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			writeHex(&b, uint64(r), 2)
		case r < 0x80 || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xffff:
			b.WriteString(`\u`)
			writeHex(&b, uint64(r), 4)
		default:
			b.WriteString(`\U`)
			writeHex(&b, uint64(r), 8)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func writeHex(b *strings.Builder, v uint64, width int) {
	h := strconv.FormatUint(v, 16)
	for i := len(h); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(h)
}
