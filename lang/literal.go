package lang

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/ast"
)

// litError is a problem inside one literal token: Off and End are byte
// offsets relative to the start of the token.
type litError struct {
	Off, End int
	Msg      string
}

// Messages shared by both parsers.
const (
	msgExpr = "values are literals; expressions are not evaluated"
	msgKey  = "a dict key must be a string, number, bool or None (JSON object keys are strings)"
)

// stringPrefix splits a well-formed string literal token into its prefix
// flags and the offset and text of its body.
func stringPrefix(tok string) (raw, bytes bool, base int, body string) {
	i := 0
	for ; tok[i] != '\'' && tok[i] != '"'; i++ {
		switch tok[i] {
		case 'r', 'R':
			raw = true
		case 'b', 'B':
			bytes = true
		}
	}
	q := 1
	if len(tok)-i >= 6 && tok[i+1] == tok[i] && tok[i+2] == tok[i] {
		q = 3
	}
	return raw, bytes, i + q, tok[i+q : len(tok)-q]
}

// isStringPrefix reports whether p is a valid string prefix: at most one of
// u and b, at most one r, case-insensitive (Python 2 and 3 combined).
func isStringPrefix(p string) bool {
	if len(p) > 2 {
		return false
	}
	var u, b, r int
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case 'u', 'U':
			u++
		case 'b', 'B':
			b++
		case 'r', 'R':
			r++
		default:
			return false
		}
	}
	return u+b <= 1 && r <= 1
}

// unquote decodes a string literal token (prefix, quotes and body) as
// Python 3 does: \xNN is U+00NN, \u and \U escapes are honoured except in
// byte strings, unknown escapes keep their backslash. The result is valid
// UTF-8. The error's offsets are relative to tok.
func unquote(tok string) (string, *litError) {
	raw, bytes, base, body := stringPrefix(tok)
	if raw || strings.IndexByte(body, '\\') < 0 {
		return body, nil
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		n, err := writeEscape(&b, body[i:], bytes)
		if err != nil {
			err.Off += base + i
			err.End += base + i
			return "", err
		}
		i += n
	}
	return b.String(), nil
}

var simpleEscapes = [256]byte{
	'\\': '\\', '\'': '\'', '"': '"', 'a': '\a', 'b': '\b', 'f': '\f',
	'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
}

// writeEscape decodes the escape at the start of s (s[0] is the
// backslash) and returns its length.
func writeEscape(b *strings.Builder, s string, bytes bool) (int, *litError) {
	c := s[1] // a well-formed token never ends in a lone backslash
	if e := simpleEscapes[c]; e != 0 {
		b.WriteByte(e)
		return 2, nil
	}
	switch {
	case c >= '0' && c <= '7':
		n, v := 1, 0
		for ; n <= 3 && n < len(s) && s[n] >= '0' && s[n] <= '7'; n++ {
			v = v*8 + int(s[n]-'0')
		}
		b.WriteRune(rune(v))
		return n, nil
	case c == 'x':
		return hexEscape(b, s, 2)
	case (c == 'u' || c == 'U') && !bytes:
		width := 4
		if c == 'U' {
			width = 8
		}
		return hexEscape(b, s, width)
	case c == 'N' && !bytes:
		return 0, &litError{0, 2, `\N{...} escapes are not supported; write the character itself or a \u escape`}
	}
	b.WriteByte('\\')
	return 1, nil
}

func hexEscape(b *strings.Builder, s string, width int) (int, *litError) {
	end := 2 + width
	if end > len(s) {
		end = len(s)
	}
	v, err := strconv.ParseUint(s[2:end], 16, 32)
	if err != nil || end-2 != width {
		return 0, &litError{0, end, fmt.Sprintf(`invalid \%c escape; expected %d hex digits`, s[1], width)}
	}
	r := rune(v)
	if r > utf8.MaxRune || (r >= 0xd800 && r < 0xe000) {
		return 0, &litError{0, end, fmt.Sprintf(`\%c escape %s is not a Unicode character`, s[1], s[2:end])}
	}
	b.WriteRune(r)
	return end, nil
}

// numberValue converts a number token (no sign) to a value: decimal,
// Python-2 octal (010), 0x/0o/0b integers with an optional L suffix, and
// floats. The error's offsets are relative to tok.
func numberValue(tok string) (ast.Value, *litError) {
	bad := func(why string) (ast.Value, *litError) {
		return ast.Value{}, &litError{0, len(tok), fmt.Sprintf("invalid number %q; %s", tok, why)}
	}
	if n, ok := smallDecimal(tok); ok {
		return ast.Int(n), nil
	}
	last := tok[len(tok)-1]
	if last == 'j' || last == 'J' {
		return bad("complex numbers are not supported")
	}
	if isFloatText(tok) {
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil && !isRangeErr(err) {
			return bad("expected digits, a decimal point and an optional exponent")
		}
		return ast.Float(f), nil
	}
	digits := tok
	if last == 'l' || last == 'L' {
		digits = tok[:len(tok)-1]
	}
	base := 10
	if len(digits) > 1 && digits[0] == '0' {
		switch digits[1] {
		case 'x', 'X':
			base, digits = 16, digits[2:]
		case 'o', 'O':
			base, digits = 8, digits[2:]
		case 'b', 'B':
			base, digits = 2, digits[2:]
		default:
			base, digits = 8, digits[1:] // Python 2 octal: 010 is 8
		}
	}
	if digits == "" || strings.IndexByte(digits, '_') >= 0 {
		return bad("expected digits")
	}
	if v, err := strconv.ParseInt(digits, base, 64); err == nil {
		return ast.Int(v), nil
	}
	n, ok := new(big.Int).SetString(digits, base)
	if !ok {
		if base == 8 && tok[1] != 'o' && tok[1] != 'O' {
			return bad("a leading zero makes an octal number (Python 2); write it without the zero")
		}
		return bad(fmt.Sprintf("expected base-%d digits", base))
	}
	return ast.BigInt(n), nil
}

// smallDecimal is the fast path of numberValue: up to 18 decimal digits
// without a leading zero.
func smallDecimal(tok string) (int64, bool) {
	if len(tok) > 18 || (tok[0] == '0' && len(tok) > 1) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// isFloatText reports whether a decimal number token is a float: it has a
// decimal point or an exponent and is not hexadecimal.
func isFloatText(tok string) bool {
	if len(tok) > 1 && tok[0] == '0' && strings.IndexByte("xXoObB", tok[1]) >= 0 {
		return false
	}
	return strings.ContainsAny(tok, ".eE")
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// negate returns -v for a number value.
func negate(v ast.Value) ast.Value {
	if v.Kind() == ast.FloatKind {
		return ast.Float(-v.Float())
	}
	if i, ok := v.Int(); ok && i != math.MinInt64 {
		return ast.Int(-i)
	}
	return ast.BigInt(new(big.Int).Neg(v.BigInt()))
}

// checkDictKey returns a message when k cannot be a dict key, or "".
func checkDictKey(k ast.Value) string {
	switch k.Kind() {
	case ast.ListKind, ast.TupleKind, ast.DictKind:
		return fmt.Sprintf("%s; found a %s", msgKey, kindName(k.Kind()))
	}
	return ""
}

// keyForm decides whether two dict keys clash: they clash when Python
// would merge them (1, 1.0 and True are one key) or when they become the
// same JSON object key (1 and '1').
type keyForm struct {
	tag byte   // 's' string, 'n' number with an integral value, 'f' other float, 'z' None
	py  string // the value Python compares, in the tag's terms
	js  string // the JSON object key, as Python's json module writes it
}

func formOf(v ast.Value) keyForm {
	switch v.Kind() {
	case ast.StringKind:
		return keyForm{'s', v.Str(), v.Str()}
	case ast.BoolKind:
		if v.Bool() {
			return keyForm{'n', "1", "true"}
		}
		return keyForm{'n', "0", "false"}
	case ast.IntKind:
		d := v.BigInt().String()
		return keyForm{'n', d, d}
	case ast.FloatKind:
		f := v.Float()
		js := ast.FormatFloat(f)
		switch {
		case math.IsInf(f, 1):
			js = "Infinity"
		case math.IsInf(f, -1):
			js = "-Infinity"
		case f == math.Trunc(f):
			n, _ := big.NewFloat(f).Int(nil)
			return keyForm{'n', n.String(), js}
		}
		return keyForm{'f', js, js}
	}
	return keyForm{'z', "", "null"}
}

// keySet finds clashing dict keys: by comparison while it is small, by
// map once it is large. Its first keys live in an array, so that a small
// set stays on the stack.
type keySet struct {
	small [8]keyForm
	more  []keyForm
	n     int
	py    map[string]int
	js    map[string]int
}

func (ks *keySet) form(i int) keyForm {
	if i < len(ks.small) {
		return ks.small[i]
	}
	return ks.more[i-len(ks.small)]
}

// add adds key number n and returns the index of an earlier key it
// clashes with, or -1.
func (ks *keySet) add(k ast.Value) int {
	f := formOf(k)
	if ks.py == nil && ks.n >= 16 {
		ks.py, ks.js = map[string]int{}, map[string]int{}
		for i := ks.n - 1; i >= 0; i-- {
			ks.index(ks.form(i), i)
		}
	}
	if ks.py != nil {
		if i, ok := ks.py[string(f.tag)+f.py]; ok {
			return i
		}
		if i, ok := ks.js[f.js]; ok {
			return i
		}
		ks.index(f, ks.n)
	} else {
		for i := range ks.n {
			if g := ks.form(i); g.tag == f.tag && g.py == f.py || g.js == f.js {
				return i
			}
		}
	}
	if ks.n < len(ks.small) {
		ks.small[ks.n] = f
	} else {
		ks.more = append(ks.more, f)
	}
	ks.n++
	return -1
}

func (ks *keySet) index(f keyForm, i int) {
	ks.py[string(f.tag)+f.py] = i
	ks.js[f.js] = i
}

func kindName(k ast.Kind) string {
	switch k {
	case ast.ListKind:
		return "list"
	case ast.TupleKind:
		return "tuple"
	case ast.DictKind:
		return "dict"
	case ast.StringKind:
		return "string"
	case ast.IntKind:
		return "int"
	case ast.FloatKind:
		return "float"
	case ast.BoolKind:
		return "bool"
	}
	return "None"
}
