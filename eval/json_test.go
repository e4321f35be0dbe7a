package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"math/big"
	"testing"

	"github.com/zktree/zktree/ast"
)

// TestModel_WriteJSON checks the JSON form of every kind of value, the
// strings that stand for non-finite floats, and that text is written as
// UTF-8 without HTML escaping, in keys and values alike.
func TestModel_WriteJSON(t *testing.T) {
	big, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	f := &ast.File{Name: "v.zk", Nodes: []*ast.Node{
		{Name: "日本", Type: "a<b>&c", Body: []ast.Entry{
			&ast.Property{Name: "inf", Value: ast.Float(math.Inf(1))},
			&ast.Property{Name: "ninf", Value: ast.Float(math.Inf(-1))},
			&ast.Property{Name: "nan", Value: ast.Float(math.NaN())},
			&ast.Property{Name: "f", Value: ast.Float(1)},
			&ast.Property{Name: "big", Value: ast.BigInt(big)},
			&ast.Property{Name: "名前", Value: ast.Str("日本 => <b>&")},
			&ast.Property{Name: "l", Value: ast.List(ast.None, ast.True, ast.Tuple(ast.Int(-1), ast.Float(2.5e-7)))},
			&ast.Property{Name: "d", Value: ast.Dict(
				ast.DictItem{Key: ast.True, Value: ast.Int(1)},
				ast.DictItem{Key: ast.None, Value: ast.Int(2)},
				ast.DictItem{Key: ast.Float(math.Inf(1)), Value: ast.Int(3)},
				ast.DictItem{Key: ast.Int(4), Value: ast.Float(math.NaN())},
				ast.DictItem{Key: ast.Tuple(ast.Int(5)), Value: ast.Str("t")},
			)},
			&ast.Link{Name: "up<>", Target: "/日本"},
			&ast.Link{Name: "gone", Target: "/nowhere"},
		}},
	}}
	m, _ := Eval(f)
	var b bytes.Buffer
	if err := m.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	want := `{
  "/日本": {
    "type": "a<b>&c",
    "properties": {
      "big": 123456789012345678901234567890,
      "d": {
        "(5,)": "t",
        "4": "NaN",
        "Infinity": 3,
        "null": 2,
        "true": 1
      },
      "f": 1.0,
      "inf": "Infinity",
      "l": [
        null,
        true,
        [
          -1,
          2.5e-07
        ]
      ],
      "nan": "NaN",
      "ninf": "-Infinity",
      "名前": "日本 => <b>&"
    },
    "links": {
      "gone": null,
      "up<>": "/日本"
    }
  }
}
`
	if got := b.String(); got != want {
		t.Errorf("WriteJSON =\n%s\nwant\n%s", got, want)
	}
	if !json.Valid(b.Bytes()) {
		t.Error("output is not valid JSON")
	}
}
