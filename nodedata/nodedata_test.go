package nodedata

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

func bigInt(s string) ast.Value {
	b, _ := new(big.Int).SetString(s, 10)
	return ast.BigInt(b)
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name  string
		props ast.Props
		want  string
	}{
		{"empty", ast.Props{}, `{}`},
		{"pid", ast.Props{"pid": ast.Int(1234)}, `{"pid":1234}`},
		{"sorted keys", ast.Props{"b": ast.Int(1), "a ->": ast.Str("/x"), "a": ast.True, "type": ast.Str("t")},
			`{"a":true,"a ->":"/x","b":1,"type":"t"}`},
		{"lone string_value is raw", ast.Props{"string_value": ast.Str(`{"k": 1}`)}, `{"k": 1}`},
		{"string_value with another key", ast.Props{"string_value": ast.Str("raw"), "x": ast.Int(1)}, `{"string_value":"raw","x":1}`},
		{"escapes", ast.Props{"s": ast.Str("a\"\\\n\r\t\b\f\x01\x7fé€😀/")},
			`{"s":"a\"\\\n\r\t\b\f\u0001\u007f\u00e9\u20ac\ud83d\ude00/"}`},
		{"numbers", ast.Props{"i": ast.Int(-5), "f": ast.Float(1.0), "e": ast.Float(1e16), "x": ast.Float(1e-7),
			"big": bigInt("100000000000000000000"), "inf": ast.Float(math.Inf(1)), "ninf": ast.Float(math.Inf(-1)), "nan": ast.Float(math.NaN())},
			`{"big":100000000000000000000,"e":1e+16,"f":1.0,"i":-5,"inf":Infinity,"nan":NaN,"ninf":-Infinity,"x":1e-07}`},
		{"containers", ast.Props{"l": ast.List(ast.Int(1), ast.Str("a"), ast.None), "t": ast.Tuple(ast.Int(1), ast.Int(2)),
			"d":  ast.Dict(ast.DictItem{Key: ast.Str("b"), Value: ast.Int(1)}, ast.DictItem{Key: ast.Str("a"), Value: ast.List()}),
			"ed": ast.Dict()},
			`{"d":{"a":[],"b":1},"ed":{},"l":[1,"a",null],"t":[1,2]}`},
		{"dict keys converted", ast.Props{"d": ast.Dict(
			ast.DictItem{Key: ast.Int(1), Value: ast.Int(1)},
			ast.DictItem{Key: ast.Float(2.5), Value: ast.Int(2)},
			ast.DictItem{Key: ast.True, Value: ast.Int(3)},
			ast.DictItem{Key: ast.None, Value: ast.Int(4)},
			ast.DictItem{Key: ast.Float(math.Inf(1)), Value: ast.Int(5)})},
			`{"d":{"1":1,"2.5":2,"Infinity":5,"null":4,"true":3}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.props)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Encode = %s\nwant     %s", got, tt.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		props   ast.Props
		key, in string
	}{
		{ast.Props{"string_value": ast.Int(5)}, "string_value", "must be a string, not int"},
		{ast.Props{"d": ast.Dict(ast.DictItem{Key: ast.Tuple(ast.Int(1)), Value: ast.Int(1)})}, "d", "dict key (1,) is not a string"},
		{ast.Props{"s": ast.Bytes("\xff")}, "s", "not valid UTF-8"},
		{ast.Props{"l": ast.List(ast.Str("\xc3"))}, "l", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := Encode(tt.props)
		ee, ok := err.(*EncodeError)
		if !ok || ee.Key != tt.key || !strings.Contains(ee.Msg, tt.in) {
			t.Errorf("Encode(%v) error = %v, want key %q and %q", tt.props, err, tt.key, tt.in)
		}
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		data string
		want ast.Props
	}{
		{"", ast.Props{}},
		{" \n\t", ast.Props{}},
		{"{}", ast.Props{}},
		{"xxx", ast.Props{"string_value": ast.Bytes("xxx")}},
		{"{xxx}", ast.Props{"string_value": ast.Bytes("{xxx}")}},
		{"\n{xxx}\n", ast.Props{"string_value": ast.Bytes("\n{xxx}\n")}},
		{`{"a":1} {"b":2}`, ast.Props{"string_value": ast.Bytes(`{"a":1} {"b":2}`)}},
		{`{"a":01}`, ast.Props{"string_value": ast.Bytes(`{"a":01}`)}},
		{`{"a":"x` + "\n" + `"}`, ast.Props{"string_value": ast.Bytes(`{"a":"x` + "\n" + `"}`)}},
		{`{"a":"\xff"}`, ast.Props{"string_value": ast.Bytes(`{"a":"\xff"}`)}},
		{"{\"a\":\"\xff\"}", ast.Props{"string_value": ast.Bytes("{\"a\":\"\xff\"}")}},
		{`{"a": 1.}`, ast.Props{"string_value": ast.Bytes(`{"a": 1.}`)}},
		{`{"pid":1234}`, ast.Props{"pid": ast.Int(1234)}},
		{` { "a" : 1.0 , "b":[1,"x",null,true,false,2.5e-5] , "a ->":"/y" } `, ast.Props{
			"a": ast.Float(1), "a ->": ast.Str("/y"),
			"b": ast.List(ast.Int(1), ast.Str("x"), ast.None, ast.True, ast.False, ast.Float(2.5e-5))}},
		{`{"n":-0,"z":-0.0,"e":1E2,"big":-100000000000000000000,"inf":Infinity,"ninf":-Infinity,"h":1e400}`, ast.Props{
			"n": ast.Int(0), "z": ast.Float(math.Copysign(0, -1)), "e": ast.Float(100), "big": bigInt("-100000000000000000000"),
			"inf": ast.Float(math.Inf(1)), "ninf": ast.Float(math.Inf(-1)), "h": ast.Float(math.Inf(1))}},
		{`{"d":{"b":1,"a":2,"b":3}}`, ast.Props{"d": ast.Dict(
			ast.DictItem{Key: ast.Str("a"), Value: ast.Int(2)}, ast.DictItem{Key: ast.Str("b"), Value: ast.Int(3)})}},
		{`{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x"}`, ast.Props{"s": ast.Str("a\"\\/\b\f\n\r\t\u00e9\U0001f600\ufffdx")}},
		{`{"x":1,"x":2}`, ast.Props{"x": ast.Int(2)}},
	}
	for _, tt := range tests {
		got := Decode([]byte(tt.data))
		if !got.Equal(tt.want) {
			t.Errorf("Decode(%q) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestDecodeNaN(t *testing.T) {
	p := Decode([]byte(`{"n":NaN}`))
	if v := p["n"]; v.Kind() != ast.FloatKind || !math.IsNaN(v.Float()) {
		t.Errorf("NaN decoded as %v", v)
	}
}

func TestRoundTrip(t *testing.T) {
	props := []ast.Props{
		{},
		{"a": ast.Str("é😀\x00\"'"), "b": ast.Float(0.1), "c": bigInt("12345678901234567890"), "l ->": ast.Str("/x"), "p =>": ast.Str("/y z")},
		{"string_value": ast.Str("plain")},
		{"d": ast.Dict(ast.DictItem{Key: ast.Str("k"), Value: ast.List(ast.True, ast.None, ast.Float(-1e300))})},
	}
	for _, p := range props {
		data, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		got := Decode(data)
		want := p
		if _, ok := p["string_value"]; ok && len(p) == 1 {
			want = ast.Props{"string_value": ast.Bytes(p["string_value"].Str())}
		}
		if !got.Equal(want) {
			t.Errorf("Decode(Encode(%v)) = %v", p, got)
		}
		again, _ := Encode(got)
		if string(again) != string(data) {
			t.Errorf("Encode not stable: %s then %s", data, again)
		}
	}
}
