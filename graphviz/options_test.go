package graphviz

import (
	"fmt"
	"slices"
	"testing"
)

func TestParseViewAndFormat(t *testing.T) {
	for _, v := range []View{ViewTree, ViewLinks, ViewServices} {
		if got, err := ParseView(v.String()); err != nil || got != v {
			t.Errorf("ParseView(%q) = %v, %v", v, got, err)
		}
	}
	if _, err := ParseView("graph"); err == nil {
		t.Error("ParseView accepted an unknown view")
	}
	for _, f := range []Format{FormatDOT, FormatSVG, FormatPNG} {
		if got, err := ParseFormat(f.String()); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("ParseFormat accepted an unknown format")
	}
	for name, want := range map[string]Format{"a.dot": FormatDOT, "a.gv": FormatDOT, "x/a.SVG": FormatSVG, "a.png": FormatPNG} {
		if got, ok := FormatOf(name); !ok || got != want {
			t.Errorf("FormatOf(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := FormatOf("a.txt"); ok {
		t.Error("FormatOf(a.txt) reported a format")
	}
}

func TestOptionsCheck(t *testing.T) {
	o, err := Options{Root: "/a/b/"}.check()
	if err != nil || o.Root != "/a/b" || o.RankDir != "LR" {
		t.Errorf("check = %+v, %v", o, err)
	}
	for _, bad := range []Options{{RankDir: "BT"}, {Depth: -1}, {Root: "a"}, {View: 7}} {
		if _, err := bad.check(); err == nil {
			t.Errorf("check(%+v) accepted bad options", bad)
		}
	}
}

func TestTypeMatches(t *testing.T) {
	o := Options{Types: []string{"z4m", "ipvs"}}
	for typ, want := range map[string]bool{"z4m cms": true, "ipvs": true, "z4mx": false, "": false, "cms z4m": false} {
		if got := o.typeMatches(typ); got != want {
			t.Errorf("typeMatches(%q) = %v, want %v", typ, got, want)
		}
	}
	if !(Options{}).typeMatches("") {
		t.Error("no filter must match untyped nodes")
	}
}

// TestTypeColor pins the colours of a few types: a type must keep its
// colour from one release to the next.
func TestTypeColor(t *testing.T) {
	for typ, want := range map[string]string{"": "#ffffff", "ipvs": "#fddaec", "z4m cms": "#b3de69", "z4m retail": "#b3cde3", "database": "#fed9a6"} {
		if got := TypeColor(typ); got != want {
			t.Errorf("TypeColor(%q) = %s, want %s", typ, got, want)
		}
	}
	seen := map[string]bool{}
	for i := range 200 {
		c := TypeColor(fmt.Sprintf("type%d", i))
		if !slices.Contains(palette, c) {
			t.Errorf("TypeColor(type%d) = %s, not in the palette", i, c)
		}
		seen[c] = true
	}
	if len(seen) != len(palette) {
		t.Errorf("200 types use %d of the %d colours", len(seen), len(palette))
	}
}

func TestComponents(t *testing.T) {
	edges := []*dedge{
		{from: "/a", to: "/b"}, {from: "/b", to: "/c"}, {from: "/c", to: "/a"},
		{from: "/c", to: "/d"}, {from: "/d", to: "/e"}, {from: "/e", to: "/e"},
	}
	markCycles(edges)
	var got []bool
	for _, e := range edges {
		got = append(got, e.cycle)
	}
	if want := []bool{true, true, true, false, false, false}; !slices.Equal(got, want) {
		t.Errorf("cycle marks = %v, want %v", got, want)
	}
}

func TestLift(t *testing.T) {
	for _, c := range []struct {
		u, v, a, b string
		ok         bool
	}{
		{"/app", "/db/providers", "/app", "/db", true},
		{"/x/a/b", "/x/c", "/x/a", "/x/c", true},
		{"/a", "/a/b", "", "", false},
		{"/a/b", "/a", "", "", false},
		{"/a", "missing:/b", "", "", false},
	} {
		a, b, ok := lift(c.u, c.v)
		if a != c.a || b != c.b || ok != c.ok {
			t.Errorf("lift(%s, %s) = %s, %s, %v; want %s, %s, %v", c.u, c.v, a, b, ok, c.a, c.b, c.ok)
		}
	}
}
