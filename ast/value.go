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
// is None.
type Value struct {
	Kind  Kind
	Bool  bool
	Int   int64    // IntKind, when Big is nil
	Big   *big.Int // IntKind, when the integer does not fit in an int64
	Float float64
	Str   string
	// Bytes marks a string read from node data that was not JSON; zc.zk
	// shows it as a byte string (no u prefix).
	Bytes bool
	Elems []Value    // ListKind, TupleKind
	Items []DictItem // DictKind, in source order
}

// DictItem is one key: value pair of a dict.
type DictItem struct {
	Key, Value Value
}

// Constructors for the scalar kinds.
var (
	None  = Value{}
	True  = Value{Kind: BoolKind, Bool: true}
	False = Value{Kind: BoolKind}
)

// Str returns a string value.
func Str(s string) Value { return Value{Kind: StringKind, Str: s} }

// Int returns an integer value.
func Int(i int64) Value { return Value{Kind: IntKind, Int: i} }

// BigInt returns an integer value, normalised to Int when it fits.
func BigInt(b *big.Int) Value {
	if b.IsInt64() {
		return Int(b.Int64())
	}
	return Value{Kind: IntKind, Big: new(big.Int).Set(b)}
}

// Float returns a float value.
func Float(f float64) Value { return Value{Kind: FloatKind, Float: f} }

// List returns a list value.
func List(elems ...Value) Value { return Value{Kind: ListKind, Elems: elems} }

// Tuple returns a tuple value.
func Tuple(elems ...Value) Value { return Value{Kind: TupleKind, Elems: elems} }

// Dict returns a dict value.
func Dict(items ...DictItem) Value { return Value{Kind: DictKind, Items: items} }

// BigIntValue returns the integer as a big.Int (IntKind only).
func (v Value) BigIntValue() *big.Int {
	if v.Big != nil {
		return new(big.Int).Set(v.Big)
	}
	return big.NewInt(v.Int)
}

// Equal reports whether v and w are the same literal (same kinds, same
// contents; float NaN equals NaN). It is structural, not Python's ==.
func (v Value) Equal(w Value) bool {
	if v.Kind != w.Kind {
		return false
	}
	switch v.Kind {
	case NoneKind:
		return true
	case BoolKind:
		return v.Bool == w.Bool
	case IntKind:
		if v.Big == nil && w.Big == nil {
			return v.Int == w.Int
		}
		return v.BigIntValue().Cmp(w.BigIntValue()) == 0
	case FloatKind:
		return v.Float == w.Float && math.Signbit(v.Float) == math.Signbit(w.Float) ||
			math.IsNaN(v.Float) && math.IsNaN(w.Float)
	case StringKind:
		return v.Str == w.Str && v.Bytes == w.Bytes
	case ListKind, TupleKind:
		if len(v.Elems) != len(w.Elems) {
			return false
		}
		for i := range v.Elems {
			if !v.Elems[i].Equal(w.Elems[i]) {
				return false
			}
		}
		return true
	case DictKind:
		if len(v.Items) != len(w.Items) {
			return false
		}
		for i := range v.Items {
			if !v.Items[i].Key.Equal(w.Items[i].Key) || !v.Items[i].Value.Equal(w.Items[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}

// String returns the canonical literal form of v, as the formatter prints
// it: strings single-quoted unless double quotes need fewer escapes,
// printable non-ASCII kept, floats in Python's shortest round-trip form.
func (v Value) String() string {
	var b strings.Builder
	v.write(&b)
	return b.String()
}

func (v Value) write(b *strings.Builder) {
	switch v.Kind {
	case NoneKind:
		b.WriteString("None")
	case BoolKind:
		if v.Bool {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case IntKind:
		if v.Big != nil {
			b.WriteString(v.Big.String())
		} else {
			b.WriteString(strconv.FormatInt(v.Int, 10))
		}
	case FloatKind:
		b.WriteString(FormatFloat(v.Float))
	case StringKind:
		b.WriteString(QuoteString(v.Str))
	case ListKind, TupleKind:
		open, close := "[", "]"
		if v.Kind == TupleKind {
			open, close = "(", ")"
		}
		b.WriteString(open)
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			e.write(b)
		}
		if v.Kind == TupleKind && len(v.Elems) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(close)
	case DictKind:
		b.WriteByte('{')
		for i, it := range v.Items {
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
