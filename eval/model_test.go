package eval

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/lang"
)

// at returns a range on line (1-based), columns col to col+n.
func at(line, col, n int32) ast.Range {
	off := line * 100
	return ast.Range{Start: ast.Pos{Offset: off + col, Line: line, Col: col}, End: ast.Pos{Offset: off + col + n, Line: line, Col: col + n}}
}

// handFile is
//
//	/cms : z4m cms          line 1
//	  threads = 3           line 2
//	  db -> /databases/mian line 3
//	  /providers            line 4
//	/lb                     line 5
//	  cms -> /cms           line 6
//	  threads => cms/providers line 7
//	  t => /cms threds      line 8
//	/databases              line 9
//	  /main                 line 10
func handFile() *ast.File {
	providers := &ast.Node{Name: "providers", Range: at(4, 3, 10)}
	cms := &ast.Node{Name: "cms", Type: "z4m cms", Range: at(1, 1, 14), Body: []ast.Entry{
		&ast.Property{Name: "threads", Value: ast.Int(3), Range: at(2, 3, 11)},
		&ast.Link{Name: "db", Target: "/databases/mian", Range: at(3, 3, 21), TargetRange: at(3, 9, 15)},
		providers,
	}}
	lb := &ast.Node{Name: "lb", Range: at(5, 1, 3), Body: []ast.Entry{
		&ast.Link{Name: "cms", Target: "/cms", Range: at(6, 3, 11), TargetRange: at(6, 10, 4)},
		&ast.PropLink{Name: "threads", Target: "cms/providers", Range: at(7, 3, 24), TargetRange: at(7, 14, 13)},
		&ast.PropLink{Name: "t", Target: "/cms", Prop: "threds", Range: at(8, 3, 16), TargetRange: at(8, 8, 4), PropRange: at(8, 13, 6)},
	}}
	dbs := &ast.Node{Name: "databases", Range: at(9, 1, 10), Body: []ast.Entry{&ast.Node{Name: "main", Range: at(10, 3, 5)}}}
	return &ast.File{Name: "hand.zk", Nodes: []*ast.Node{cms, lb, dbs}}
}

func TestEval_handBuilt(t *testing.T) {
	m, ds := Eval(handFile())
	if m.Len() != 6 {
		t.Errorf("Len = %d, want 6", m.Len())
	}
	cms := m.Node("/cms")
	if cms == nil || cms.Type != "z4m cms" || cms.Child("providers") == nil || cms.Parent != m.Root() {
		t.Fatalf("bad /cms: %+v", cms)
	}
	if got := m.Node("/lb").Links[0]; got.To != cms || len(cms.LinkedFrom) != 1 || cms.LinkedFrom[0] != got {
		t.Errorf("link /lb/cms not resolved to /cms or not indexed")
	}
	if n, err := m.ResolveNode("/lb/cms/providers"); err != nil || n != cms.Child("providers") {
		t.Errorf("ResolveNode = %v, %v", n, err)
	}
	want := []string{
		`hand.zk:3:9: error: link "db": no node /databases/mian; did you mean /databases/main?`,
		`hand.zk:7:14: error: property link "threads": node /cms/providers has no property "threads"`,
		`hand.zk:8:13: error: property link "t": node /cms has no property "threds"; did you mean threads?`,
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ds[0].Code != CodeDanglingLink || ds[0].Suggestion != "/databases/main" || len(ds[0].Related) != 1 || ds[0].Related[0].Range != at(9, 1, 10) {
		t.Errorf("dangling link diagnostic: %+v", ds[0])
	}
	if ds[2].Code != CodeDanglingPropLink || len(ds[2].Related) != 1 || ds[2].Related[0].Range != at(1, 1, 14) {
		t.Errorf("property link diagnostic: %+v", ds[2])
	}
	props, errs := m.Properties(m.Node("/lb"))
	if len(props) != 0 || len(errs) != 2 {
		t.Errorf("Properties = %v, %v", props, errs)
	}
}

func TestEvalMounts_mergeAndMount(t *testing.T) {
	a := &ast.File{Name: "a.zk", Nodes: []*ast.Node{{Name: "svc", Range: at(1, 1, 4), Body: []ast.Entry{
		&ast.Property{Name: "x", Value: ast.Int(1)},
	}}}}
	b := &ast.File{Name: "b.zk", Nodes: []*ast.Node{{Name: "svc", Range: at(1, 1, 4), Body: []ast.Entry{
		&ast.Property{Name: "x", Value: ast.Int(2)},
		&ast.Link{Name: "up", Target: ".."},
		&ast.Node{Name: "child"},
	}}}}
	m, ds := EvalMounts(Mount{Path: "/", File: a}, Mount{Path: "/", File: b}, Mount{Path: "/env/prod/", File: b})
	if len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	svc := m.Node("/svc")
	if len(svc.Decls) != 2 || len(svc.Entries) != 3 || svc.Props()["x"].String() != "1" || svc.Child("child") == nil {
		t.Errorf("merge: decls %d entries %d props %v", len(svc.Decls), len(svc.Entries), svc.Props())
	}
	if n := m.Node("/env/prod/svc/child"); n == nil || len(m.Node("/env").Decls) != 0 {
		t.Fatal("mount did not place the file under /env/prod")
	}
	if l := m.Node("/env/prod/svc").Links[0]; l.To != m.Node("/env/prod") {
		t.Errorf("relative link in a mounted file resolved to %v", l.To)
	}
	var paths []string
	m.Walk(func(n *Node) bool { paths = append(paths, n.Path); return n.Path != "/env/prod" })
	if got := strings.Join(paths, " "); got != "/ /svc /svc/child /env /env/prod" {
		t.Errorf("Walk = %s", got)
	}
}

// TestEvalMounts_badPath checks that a mount path that is not absolute is
// reported, leaves its file out and never panics, and that odd but valid
// paths are normalised.
func TestEvalMounts_badPath(t *testing.T) {
	file := func() *ast.File {
		return &ast.File{Name: "m.zk", Nodes: []*ast.Node{{Name: "svc", Range: at(1, 1, 4)}}}
	}
	for _, path := range []string{"relative", "x/y", ".", "..", "/..", "/a/../..", "//", "/a//b", "a/"} {
		m, ds := EvalMounts(Mount{Path: path, File: file()}, Mount{Path: "/", File: file()})
		if len(ds) != 1 || ds[0].Code != CodeInvalidMountPath || ds[0].File != "m.zk" || ds[0].Range.Start.Line != 1 ||
			!strings.Contains(ds[0].Message, strconv.Quote(path)) {
			t.Errorf("mount at %q: diagnostics %v", path, ds)
			continue
		}
		if m.Len() != 2 || m.Node("/svc") == nil {
			t.Errorf("mount at %q: model has %d nodes, want / and /svc", path, m.Len())
		}
	}
	for path, want := range map[string]string{"": "/svc", "/": "/svc", "/a/": "/a/svc", "/a/./b/..": "/a/svc", "/a/b/../c/": "/a/c/svc"} {
		m, ds := EvalMounts(Mount{Path: path, File: file()})
		if len(ds) != 0 || m.Node(want) == nil {
			t.Errorf("mount at %q: diagnostics %v, node %s %v", path, ds, want, m.Node(want))
		}
	}
}

func TestEval_loops(t *testing.T) {
	f := &ast.File{Name: "l.zk", Nodes: []*ast.Node{
		{Name: "a", Body: []ast.Entry{
			&ast.Link{Name: "l", Target: "/b/l", TargetRange: at(2, 8, 4)},
			&ast.PropLink{Name: "x", Target: "../b", TargetRange: at(3, 8, 4)},
		}},
		{Name: "b", Body: []ast.Entry{
			&ast.Link{Name: "l", Target: "/a/l", TargetRange: at(5, 8, 4)},
			&ast.PropLink{Name: "x", Target: "../a", TargetRange: at(6, 8, 4)},
		}},
	}}
	_, ds := Eval(f)
	var got []string
	for _, d := range ds {
		got = append(got, d.Code+" "+d.Message)
	}
	// Each loop starts at the link that the message is about.
	want := []string{
		`LINK_CYCLE link "l" is in a loop: /a/l -> /b/l -> /a/l`,
		`PROPERTY_LINK_CYCLE property link "x" is in a loop: /a x => /b x => /a x`,
		`LINK_CYCLE link "l" is in a loop: /b/l -> /a/l -> /b/l`,
		`PROPERTY_LINK_CYCLE property link "x" is in a loop: /b x => /a x => /b x`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEval_readThroughBroken checks that a property link reading through a
// broken one names it and relates its place.
func TestEval_readThroughBroken(t *testing.T) {
	src := "/a\n  x => /b\n/b\n  x => /c y\n/c\n  y => /nowhere\n"
	f, _ := lang.Parse("c.zk", []byte(src))
	_, ds := Eval(f)
	if len(ds) != 3 {
		t.Fatalf("got %v", ds)
	}
	want := `c.zk:2:8: error: property link "x" reads through the broken property link /c y: no node /nowhere`
	if ds[0].String() != want || len(ds[0].Related) != 1 || ast.Location(ds[0].Related[0].File, ds[0].Related[0].Range) != "c.zk:6:3" {
		t.Errorf("got %s %+v, want %s", ds[0], ds[0].Related, want)
	}
}

// TestEval_intoLoops checks links that lead into a loop without being part
// of it, and property-link chains that read one node twice, for two
// different properties, which is no loop (zc.zk failed on them).
func TestEval_intoLoops(t *testing.T) {
	src := `/c
  into -> /d/l1
/d
  l1 -> l2
  l2 -> l1
/defaults
  port = 80
  web_port => . port
/svc
  port => /defaults web_port
/e
  x => /f
  y => /e x
/f
  x => /e
/g
  q => /e x
`
	f, ds := lang.Parse("i.zk", []byte(src))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	m, ds := Eval(f)
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%d %s %s", d.Range.Start.Line, d.Code, d.Message))
	}
	want := []string{
		`2 LINK_CYCLE link "into" leads into a loop: /d/l1 -> /d/l2 -> /d/l1`,
		`4 LINK_CYCLE link "l1" is in a loop: /d/l1 -> /d/l2 -> /d/l1`,
		`5 LINK_CYCLE link "l2" is in a loop: /d/l2 -> /d/l1 -> /d/l2`,
		`12 PROPERTY_LINK_CYCLE property link "x" is in a loop: /e x => /f x => /e x`,
		`13 PROPERTY_LINK_CYCLE property link "y" leads into a loop: /e x => /f x => /e x`,
		`15 PROPERTY_LINK_CYCLE property link "x" is in a loop: /f x => /e x => /f x`,
		`17 PROPERTY_LINK_CYCLE property link "q" leads into a loop: /e x => /f x => /e x`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The related places of a loop are the other links in it.
	var related []string
	for _, r := range ds[4].Related {
		related = append(related, ast.Location(r.File, r.Range)+" "+r.Message)
	}
	if got, want := strings.Join(related, "; "), "i.zk:12:3 property link /e x in the loop; i.zk:15:3 property link /f x in the loop"; got != want {
		t.Errorf("related of %s: %s, want %s", ds[4], got, want)
	}
	if v, err := m.Prop("/svc", "port"); err != nil || v.String() != "80" {
		t.Errorf("/svc port = %v, %v; want 80 (reading /defaults twice is no loop)", v, err)
	}
	_, err := m.Prop("/e", "x")
	var loop *LinkLoopError
	if !errors.As(err, &loop) || err.Error() != `bad property link "x =>" ("/f"): bad property link "x =>" ("/e"): bad property link "x =>" ("/f"): property link loop: /f x => /e x => /f x` {
		t.Errorf("/e x: %v", err)
	}
}

func TestNode_manyKeys(t *testing.T) {
	for _, n := range []int{3, indexFrom + 5} {
		var body []ast.Entry
		for i := range n {
			body = append(body, &ast.Property{Name: "p" + string(rune('a'+i)), Value: ast.Int(int64(i))})
		}
		body = append(body,
			&ast.Property{Name: "pa", Value: ast.Int(99)},
			&ast.Link{Name: "pa", Target: "/x"},
			&ast.Link{Name: "pa", Target: "/y"},
			&ast.PropLink{Name: "pa", Target: "/x", Prop: "q"},
			&ast.Property{Name: "type", Value: ast.Str("t2")},
		)
		f := &ast.File{Name: "k.zk", Nodes: []*ast.Node{{Name: "x", Type: "t1", Body: body}}}
		m, _ := Eval(f)
		x := m.Node("/x")
		for key, want := range map[string]string{"pa": "0", "pa ->": "'/x'", "pa =>": "'/x q'", "type": "'t1'", "pb": "1"} {
			if v, ok := x.Get(key); !ok || v.String() != want {
				t.Errorf("n=%d: Get(%q) = %v, %v; want %s", n, key, v, ok, want)
			}
		}
		if _, ok := x.Get("pa -"); ok {
			t.Errorf("n=%d: Get found a key that is not there", n)
		}
		if p := x.Props(); len(p) != n+3 || p["pa ->"].Str() != "/x" || p["type"].Str() != "t1" {
			t.Errorf("n=%d: Props = %v", n, p)
		}
		if len(x.Links) != 1 || len(x.PropLinks) != 1 || len(x.Entries) != n+5 || x.Type != "t1" {
			t.Errorf("n=%d: links %d, property links %d, entries %d", n, len(x.Links), len(x.PropLinks), len(x.Entries))
		}
	}
}

func TestEval_brokenChain(t *testing.T) {
	f := &ast.File{Name: "c.zk", Nodes: []*ast.Node{{Name: "a", Body: []ast.Entry{
		&ast.Link{Name: "first", Target: "second", TargetRange: at(2, 12, 6)},
		&ast.Link{Name: "second", Target: "/nowhere", Range: at(3, 3, 18), TargetRange: at(3, 13, 8)},
		&ast.Link{Name: "through", Target: "second/x", TargetRange: at(4, 14, 8)},
	}}}}
	_, ds := Eval(f)
	if len(ds) != 3 {
		t.Fatalf("got %v", ds)
	}
	if want := `c.zk:2:12: error: link "first" leads to the link /a/second, which does not resolve`; ds[0].String() != want || len(ds[0].Related) != 1 || ds[0].Related[0].Range != at(3, 3, 18) {
		t.Errorf("got %s %+v, want %s", ds[0], ds[0].Related, want)
	}
	if want := `c.zk:3:13: error: link "second": no node /nowhere`; ds[1].String() != want {
		t.Errorf("got %s, want %s", ds[1], want)
	}
	want := ast.Related{File: "c.zk", Range: at(3, 3, 18), Message: "the link /a/second on the way does not resolve"}
	if ds[2].Message != `link "through": no node /a/second/x` || len(ds[2].Related) != 1 || ds[2].Related[0] != want {
		t.Errorf("got %s %+v", ds[2], ds[2].Related)
	}
}

// TestEval_nestedLinksLinear: each link's target goes through the previous
// link twice, which takes 2^n steps without remembering resolutions.
func TestEval_nestedLinksLinear(t *testing.T) {
	body := []ast.Entry{&ast.Link{Name: "l0", Target: "/a"}}
	for i := 1; i < 64; i++ {
		prev := "l" + strconv.Itoa(i-1)
		body = append(body, &ast.Link{Name: "l" + strconv.Itoa(i), Target: "/a/" + prev + "/" + prev})
	}
	m, ds := Eval(&ast.File{Name: "n.zk", Nodes: []*ast.Node{{Name: "a", Body: body}}})
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if p, err := m.Resolve("/a/l63/l62/l0"); err != nil || p != "/a" {
		t.Errorf("Resolve = %q, %v", p, err)
	}
}

// FuzzEvalMounts_path checks that no mount path panics and that a mount
// is either reported or places the file's node under the normalised path.
func FuzzEvalMounts_path(f *testing.F) {
	for _, s := range []string{"", "/", "relative", "/a/../..", "//", "/a/./b/", "/日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		file := &ast.File{Name: "m.zk", Nodes: []*ast.Node{{Name: "svc"}}}
		m, ds := EvalMounts(Mount{Path: path, File: file})
		if len(ds) > 0 {
			if ds[0].Code != CodeInvalidMountPath || m.Len() != 1 {
				t.Fatalf("mount at %q: %v, %d nodes", path, ds, m.Len())
			}
			return
		}
		var svc *Node
		m.Walk(func(n *Node) bool {
			if n.Name == "svc" && len(n.Decls) == 1 {
				svc = n
			}
			return true
		})
		if svc == nil || m.Node(svc.Path) != svc || svc.Path != ast.JoinPath(strings.TrimSuffix(Normalize(path), "/"), "svc") {
			t.Fatalf("mount at %q: node svc at %v", path, svc)
		}
	})
}

// TestEval_emptyElementSuggestion checks the suggestion for a target with a
// trailing "/" or a "//", which names no node.
func TestEval_emptyElementSuggestion(t *testing.T) {
	src := "/app\n  p => /db/main/ port\n  l -> /db//main\n  m -> /nowhere/\n/db\n  /main\n    port = 1\n"
	f, _ := lang.Parse("e.zk", []byte(src))
	_, ds := Eval(f)
	var got []string
	for _, d := range ds {
		got = append(got, d.Message)
	}
	want := []string{
		`property link "p": no node /db/main/; did you mean /db/main?`,
		`link "l": no node /db//main; did you mean /db/main?`,
		`link "m": no node /nowhere/`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
