package nodedata

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/zczk"
)

func readCorpus(t *testing.T, stem string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(zczk.Dir(t), stem+".expected"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// node builds a parsed node from its body entries.
func node(name, typ string, body ...ast.Entry) *ast.Node {
	return &ast.Node{Name: name, Type: typ, Body: body}
}

func prop(name string, v ast.Value) *ast.Property { return &ast.Property{Name: name, Value: v} }

func exportFile(t *testing.T, opts Options, nodes ...*ast.Node) (string, ast.Diagnostics) {
	t.Helper()
	var buf bytes.Buffer
	ds, err := ExportFile(&buf, &ast.File{Name: "t.zk", Nodes: nodes}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.String(), ds
}

// corpusTrees holds the parsed form of zc.zk corpus trees (the values the
// tree texts stand for), to be exported and compared with the .expected
// files byte for byte.
var corpusTrees = map[string][]*ast.Node{
	"029-type-property-becomes-header": {node("a", "", prop("type", ast.Str("svc")), prop("x", ast.Int(1)))},
	"030-empty-type-dropped":           {node("a", "", prop("type", ast.Str("")))},
	"033-values-scalars": {node("a", "",
		prop("i", ast.Int(1)), prop("n", ast.Int(-5)), prop("f", ast.Float(1.5)), prop("t", ast.True),
		prop("fa", ast.False), prop("no", ast.None), prop("s", ast.Str("x")), prop("d", ast.Str("dq")),
		prop("u", ast.Str("uni")), prop("empty", ast.Str("")), prop("ex", ast.Int(3)), prop("st", ast.Str("abab")),
		prop("ln", ast.Int(3)), prop("cat", ast.Str("ab")))},
	"034-values-containers": {node("a", "",
		prop("l", ast.List(ast.Int(1), ast.Str("a"), ast.None, ast.Float(2.5))),
		prop("tu", ast.Tuple(ast.Int(1), ast.Int(2))),
		prop("one", ast.Tuple(ast.Int(1))),
		prop("el", ast.List()),
		prop("ed", ast.Dict()),
		prop("di", ast.Dict(item("k", ast.Int(1)))),
		prop("nest", ast.List(ast.Dict(item("k", ast.List(ast.True))))),
		prop("d2", ast.Dict(item("b", ast.Int(1)), item("a", ast.Int(2)))),
		prop("d3", ast.Dict(item("zz", ast.Int(1)), item("a", ast.Int(2)), item("m", ast.Int(3)))))},
	"035-values-numbers": {node("a", "",
		prop("g", ast.Float(1.0)), prop("h", ast.Float(0.1)), prop("e", ast.Float(1e100)), prop("z", ast.Float(1e16)),
		prop("w", ast.Float(1e15)), prop("x", ast.Float(1.0e-7)), prop("v", ast.Float(2.5e-5)),
		prop("y", ast.Float(123456789.123456789)), prop("m", ast.Float(math.Copysign(0, -1))),
		prop("big", bigInt("100000000000000000000")), prop("k", bigInt("12345678901234567890")),
		prop("lg", ast.Int(1)), prop("hx", ast.Int(16)), prop("oc", ast.Int(8)), prop("ni", ast.Int(-2147483649)))},
	"036-values-string-escapes": {node("a", "",
		prop("q1", ast.Str("it's")), prop("q2", ast.Str(`say "hi"`)), prop("q3", ast.Str(`both ' and "`)),
		prop("bs", ast.Str(`a\b`)), prop("nl", ast.Str("a\nb")), prop("tab", ast.Str("a\tb")), prop("cr", ast.Str("a\rb")),
		prop("ctl", ast.Str("\x01")), prop("del", ast.Str("\x7f")), prop("lat", ast.Str("café")), prop("utf8", ast.Str("café")),
		prop("bmp", ast.Str("€")), prop("astral", ast.Str("\U0001f600")), prop("raw", ast.Str(`a\d`)))},
	"037-values-special-floats": {node("a", "",
		prop("inf", ast.Float(math.Inf(1))), prop("nan", ast.Float(math.NaN())), prop("ninf", ast.Float(math.Inf(-1))))},
	"070-empty-input":                      nil,
	"004-testing-zookeeper-node-hidden":    {node("zookeeper", "", node("quota", ""))},
	"074-node-name-non-ascii":              {node("café", "", prop("n", ast.Int(1))), node("z", "")},
	"076-node-name-with-slash":             {node("a", ""), node("a/b", "")},
	"078-string-value-only":                {node("a", "", prop("string_value", ast.Str("raw text")))},
	"079-string-value-json-looking":        {node("a", "", prop("string_value", ast.Str(`{"k": 1}`)))},
	"080-string-value-with-other-property": {node("a", "", prop("string_value", ast.Str("raw")), prop("x", ast.Int(1)))},
	"081-string-value-empty":               {node("a", "", prop("string_value", ast.Str("")))},
	"014-readme-property-link-source": {
		node("cms", "z4m cms",
			&ast.PropLink{Name: "threads", Target: "/fooservice", Prop: "threads"},
			node("databases", "", node("main", "", node("providers", ""))),
			node("providers", "")),
		node("fooservice", "", prop("secret", ast.Str("1234")), prop("threads", ast.Int(3)), node("providers", "")),
		node("lb", "ipvs", node("pools", "", node("cms", "",
			prop("address", ast.Str("1.2.3.4:80")), &ast.Link{Name: "providers", Target: "/cms/providers"})))},
	"048-property-link-forms": {node("a", "",
		&ast.PropLink{Name: "p1", Target: "/x"}, &ast.PropLink{Name: "p2", Target: "/x", Prop: "y"},
		&ast.PropLink{Name: "p3", Target: "../x"}, &ast.PropLink{Name: "p4", Target: "..", Prop: "y"},
		&ast.PropLink{Name: "p5", Target: "/x", Prop: "y"})},
}

func item(k string, v ast.Value) ast.DictItem { return ast.DictItem{Key: ast.Str(k), Value: v} }

// propLinkLine matches zc.zk's "x => = u'TARGET'" export line, which
// zktree writes as "x => TARGET" on purpose.
func zczkPropLinks(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if before, after, ok := strings.Cut(l, " => = u'"); ok {
			lines[i] = before + " => " + strings.TrimSuffix(after, "'")
		}
	}
	return strings.Join(lines, "\n")
}

func TestExportFileCorpus(t *testing.T) {
	for stem, nodes := range corpusTrees {
		t.Run(stem, func(t *testing.T) {
			want := zczkPropLinks(readCorpus(t, stem))
			got, ds := exportFile(t, Options{Compat: true}, nodes...)
			if len(ds) > 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			if got != want {
				t.Errorf("export:\n%s\nwant (zc.zk):\n%s", got, want)
			}
		})
	}
}

func TestExportFileCanonical(t *testing.T) {
	got, _ := exportFile(t, Options{}, corpusTrees["036-values-string-escapes"]...)
	want := `/a
  astral = '😀'
  bmp = '€'
  bs = 'a\\b'
  cr = 'a\rb'
  ctl = '\x01'
  del = '\x7f'
  lat = 'café'
  nl = 'a\nb'
  q1 = "it's"
  q2 = 'say "hi"'
  q3 = 'both \' and "'
  raw = 'a\\d'
  tab = 'a\tb'
  utf8 = 'café'
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestExportFileName(t *testing.T) {
	got, _ := exportFile(t, Options{Compat: true, Name: "top"},
		node("fooservice", "", prop("threads", ast.Int(1)), node("providers", "")),
		node("zookeeper", "", node("quota", "")))
	want := "/top\n  /fooservice\n    threads = 1\n    /providers\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestExportFileLaterNodeReplacesProperties(t *testing.T) {
	// zc.zk imports in name order, so "a/b" replaces the data of a's child b.
	got, _ := exportFile(t, Options{Compat: true},
		node("a/b", "", prop("y", ast.Int(2))), node("a", "", node("b", "", prop("x", ast.Int(1)))))
	if want := "/a\n  /b\n    y = 2\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestExportFileType(t *testing.T) {
	tests := []struct {
		typ  ast.Value
		want string
	}{
		{ast.Str("svc x"), "/a : svc x\n"},
		{ast.Str(""), "/a\n"},
		{ast.Int(0), "/a\n"},
		{ast.None, "/a\n"},
		{ast.List(), "/a\n"},
		{ast.Int(1), "/a\n  type = 1\n"},
		{ast.List(ast.Str("x")), "/a\n  type = [u'x']\n"},
	}
	for _, tt := range tests {
		got, _ := exportFile(t, Options{Compat: true}, node("a", "", prop("type", tt.typ)))
		if got != tt.want {
			t.Errorf("type %v: got %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestExportFileDiagnostics(t *testing.T) {
	bad := prop("string_value", ast.Int(5))
	bad.Range = ast.Range{Start: ast.Pos{Line: 2, Col: 3}}
	tests := []struct {
		nodes []*ast.Node
		want  string
	}{
		{[]*ast.Node{node("a", "", bad)}, "t.zk:2:3: error: property string_value: a lone string_value must be a string, not int"},
		{[]*ast.Node{node("a/b", "")}, `t.zk:0:1: error: node "a/b": parent node "a" does not exist`},
		{[]*ast.Node{node("a//b", "")}, `t.zk:0:1: error: node name "a//b" does not make a valid ZooKeeper path`},
		{[]*ast.Node{node("..", "")}, `t.zk:0:1: error: node name ".." does not make a valid ZooKeeper path`},
	}
	for _, tt := range tests {
		got, ds := exportFile(t, Options{}, tt.nodes...)
		if got != "" || len(ds) != 1 || ds[0].String() != tt.want {
			t.Errorf("got output %q, diagnostics %v; want %s", got, ds, tt.want)
		}
	}
}

func TestWriterNonCompatLinks(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Options{})
	p := ast.Props{"b ->": ast.Str("/x"), "a ->": ast.Str("../y"), "z": ast.Float(1), "m =>": ast.Str("/p q"), "n =>": ast.Int(1)}
	if err := w.WriteNode(1, "n", p); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "  /n\n    m => /p q\n    n => = 1\n    z = 1.0\n    a -> ../y\n    b -> /x\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestWriterReadsBack checks the lines that need care to read back the
// same: a type or target that starts with "#" and a node name that ends
// with ":"; with Compat they are written as zc.zk writes them.
func TestWriterReadsBack(t *testing.T) {
	p := ast.Props{"type": ast.Str("#t"), "l ->": ast.Str("#x"), "m =>": ast.Str("#y z")}
	colon := ast.Props{"type": ast.Str("t")}
	for _, c := range []struct {
		compat bool
		want   string
	}{
		{false, "/n :#t\n  m =>#y z\n  l ->#x\n/a:: t\n"},
		{true, "/n : #t\n  m => #y z\n  l -> #x\n/a: : t\n"},
	} {
		var buf bytes.Buffer
		w := NewWriter(&buf, Options{Compat: c.compat})
		if err := w.WriteNode(0, "n", p); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteNode(0, "a:", colon); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != c.want {
			t.Errorf("compat %v: got:\n%s\nwant:\n%s", c.compat, buf.String(), c.want)
		}
	}
}
