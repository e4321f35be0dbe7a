package eval

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
)

// mapLookup is a tree given as a map from path to property set.
type mapLookup map[string]ast.Props

func (m mapLookup) Exists(path string) (bool, error) { _, ok := m[path]; return ok, nil }

func (m mapLookup) Props(path string) (ast.Props, bool, error) {
	p, ok := m[path]
	return p, ok, nil
}

// tree builds a mapLookup from "path key=value key=value" lines; every
// ancestor of a path exists; a value is a string unless it is an integer.
func tree(lines ...string) mapLookup {
	m := mapLookup{"/": ast.Props{}}
	for _, line := range lines {
		path, rest, _ := strings.Cut(line, " ")
		for p := path; p != "" && p != "/"; p = p[:strings.LastIndexByte(p, '/')] {
			if m[p] == nil {
				m[p] = ast.Props{}
			}
		}
		for kv := range strings.SplitSeq(rest, ";") {
			k, v, ok := strings.Cut(kv, " = ")
			if !ok {
				continue
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if len(v) == 1 && v[0] >= '0' && v[0] <= '9' {
				m[path][k] = ast.Int(int64(v[0] - '0'))
			} else {
				m[path][k] = ast.Str(v)
			}
		}
	}
	return m
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/",
		"/":                    "/",
		"/a/b":                 "/a/b",
		"/top/a/b/c/d/./../..": "/top/a/b",
		"/a/l/..":              "/a",
		"/a/..":                "/",
		"/a/./l/../l/c":        "/a/l/c",
		"/alias/r/../x":        "/alias/x",
		"/..":                  "/..",
		"/../x":                "/../x",
		"/a/..b/c":             "/a/..b/c",
		"/a/.b":                "/a/.b",
		"/a/b/./../../c":       "/c",
		"/a/b/c/../../..":      "/",
		"/./.":                 "/",
		"/a/b/./":              "/a/b/",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// check runs Resolve and compares with want: a path, or "!NoNode P" or
// "!Loop P1 P2 …".
func checkResolve(t *testing.T, l Lookup, path, want string) {
	t.Helper()
	got, err := Resolve(l, path)
	if err != nil {
		got = errText(err)
	}
	if got != want {
		t.Errorf("Resolve(%q) = %q, want %q", path, got, want)
	}
}

// errText renders err as the corpus does: "!Class args" with nesting "<-".
func errText(err error) string {
	var nn *NoNodeError
	var ll *LinkLoopError
	var np *NoPropertyError
	var bp *BadPropertyLinkError
	switch {
	case errors.As(err, &bp) && bp == err:
		return "!BadPropertyLink <- " + errText(bp.Err)[1:]
	case errors.As(err, &nn):
		return "!NoNodeError " + nn.Path
	case errors.As(err, &ll):
		return "!LinkLoop " + strings.Join(ll.Paths, " ")
	case errors.As(err, &np):
		return "!KeyError " + np.Name
	case errors.Is(err, ErrInvalidPropertyLink):
		return "!ValueError"
	}
	return "!" + err.Error()
}

func TestResolve_corpus112(t *testing.T) {
	l := tree("/a/b l -> = c; l2 -> = ../c", "/a/b/c", "/a/c")
	checkResolve(t, l, "/a/b/l", "/a/b/c")
	checkResolve(t, l, "/a/b/l2", "/a/c")
}

func TestResolve_corpus114(t *testing.T) {
	l := tree(
		"/top/a top -> = /top; loop -> = /top/a/b/loop",
		"/top/a/b top -> = /top; loop -> = /top/a/loop",
		"/top/a/b/c top -> = /top",
		"/top/a/b/c/d name = d; top -> = /top; loop -> = /top/a/b/c/d/loop",
		"/top/a/b/c/d/e",
	)
	checkResolve(t, l, "/top/a/b/c/d", "/top/a/b/c/d")
	checkResolve(t, l, "/top/a/top/a/b/top/a/b/c/top/a/b/c/d", "/top/a/b/c/d")
	checkResolve(t, l, "/top/a/top/a/b/top/x", "!NoNodeError /top/a/top/a/b/top/x")
	checkResolve(t, l, "/top/a/b/c/d/loop", "!LinkLoop /top/a/b/c/d/loop /top/a/b/c/d/loop")
	checkResolve(t, l, "/top/a/loop/b/c/d", "!LinkLoop /top/a/loop /top/a/b/loop /top/a/loop")
	checkResolve(t, l, "/top/a/b/c/d/./../..", "/top/a/b")
}

func TestResolve_corpus115(t *testing.T) {
	l := tree(
		"/a l -> = /b; self -> = .; up -> = ..; chain -> = l; sh -> = /b; broken -> = /nowhere; rel -> = ./b2",
		"/a/sh", "/a/b2", "/b/c",
	)
	for path, want := range map[string]string{
		"/a/l": "/b", "/a/l/c": "/b/c", "/a/self": "/a", "/a/self/l/c": "/b/c", "/a/up": "/",
		"/a/up/b": "/b", "/a/chain/c": "/b/c", "/a/sh": "/a/sh", "/a/broken": "!NoNodeError /a/broken",
		"/a/rel": "/a/b2", "/a/./l/../l/c": "/b/c", "/a/l/..": "/a", "/nonexistent": "!NoNodeError /nonexistent",
		"/a/x": "!NoNodeError /a/x", "/a/b2/..": "/a",
	} {
		checkResolve(t, l, path, want)
	}
}

func TestResolve_corpus116(t *testing.T) {
	l := tree("/real/x", "/alias r -> = /real", "/alias/x")
	checkResolve(t, l, "/alias/r/x", "/real/x")
	checkResolve(t, l, "/alias/r/../x", "/alias/x")
	checkResolve(t, l, "/alias/r/./x", "/real/x")
}

func TestResolve_lookupErrorPropagates(t *testing.T) {
	boom := errors.New("connection lost")
	if _, err := Resolve(failing{boom}, "/a/b"); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the lookup's error", err)
	}
	if _, err := ResolveProp(failing{boom}, "/a", "x"); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the lookup's error", err)
	}
}

type failing struct{ err error }

func (f failing) Exists(string) (bool, error)           { return false, f.err }
func (f failing) Props(string) (ast.Props, bool, error) { return nil, false, f.err }

func checkProp(t *testing.T, l Lookup, path, name, want string) {
	t.Helper()
	var got string
	v, err := ResolveProp(l, path, name)
	if err != nil {
		got = errText(err)
	} else {
		got = v.String()
	}
	if got != want {
		t.Errorf("ResolveProp(%q, %q) = %s, want %s", path, name, got, want)
	}
}

func TestResolveProp_corpus117(t *testing.T) {
	l := tree(
		"/a x = 2",
		"/a/b x => = c x; xx => = ./c x; x2 => = .. x; x3 => = ../c x; x22 => = ./.. x; x33 => = ./../c x; x333 => = .././c x",
		"/a/b/c x = 1", "/a/c x = 3",
	)
	for name, want := range map[string]string{"x": "1", "xx": "1", "x2": "2", "x22": "2", "x3": "3", "x33": "3", "x333": "3"} {
		checkProp(t, l, "/a/b", name, want)
	}
}

func TestResolveProp_corpus118to125(t *testing.T) {
	l := tree(
		"/t/cms threads => = /fooservice threads",
		"/fooservice threads = 3",
		// 119
		"/p/a x => = ../b x", "/p/b x => = ../a x",
		// 120
		"/x a = 1; b => = ../y", "/y a => = ../x; b = 2",
		// 121
		"/fooservice/app threads => = ..; color = red",
		// 123
		"/e/b x => = c; xx => = ../c", "/e/b/c x = 1", "/e/c x = 2",
		// 124
		"/s/a x = 1; x => = ../b; y => = ../b; z => = ../b other; m => = ../b missing; n => = /nowhere; s -> = /b",
		"/s/b x = 2; y = 3; other = o",
		// 125
		"/real x => = ../other y", "/other y = 1", "/alias r -> = /real", "/alias/other y = 2",
		// invalid values
		"/bad three => = /a b c; empty => = ; num => = 7",
	)
	checkProp(t, l, "/t/cms", "threads =>", "'/fooservice threads'")
	checkProp(t, l, "/t/cms", "threads", "3")
	checkProp(t, l, "/p/a", "x", "!BadPropertyLink <- BadPropertyLink <- BadPropertyLink <- LinkLoop /p/b /p/a /p/b")
	checkProp(t, l, "/x", "a", "1")
	checkProp(t, l, "/x", "b", "2")
	checkProp(t, l, "/y", "a", "1")
	checkProp(t, l, "/fooservice/app", "threads", "3")
	checkProp(t, l, "/e/b", "x", "1")
	checkProp(t, l, "/e/b", "xx", "!BadPropertyLink <- KeyError xx")
	checkProp(t, l, "/s/a", "x", "1")
	checkProp(t, l, "/s/a", "y", "3")
	checkProp(t, l, "/s/a", "z", "'o'")
	checkProp(t, l, "/s/a", "m", "!BadPropertyLink <- KeyError missing")
	checkProp(t, l, "/s/a", "n", "!BadPropertyLink <- NoNodeError /nowhere")
	checkProp(t, l, "/s/a", "s ->", "'/b'")
	checkProp(t, l, "/s/a", "q", "!KeyError q")
	checkProp(t, l, "/real", "x", "1")
	checkProp(t, l, "/alias/r", "x", "2")
	checkProp(t, l, "/bad", "three", "!BadPropertyLink <- ValueError")
	checkProp(t, l, "/bad", "empty", "!BadPropertyLink <- ValueError")
	checkProp(t, l, "/bad", "num", "!BadPropertyLink <- ValueError")
	checkProp(t, l, "/nowhere", "x", "!NoNodeError /nowhere")
}

func TestErrorTexts(t *testing.T) {
	err := error(&BadPropertyLinkError{Key: "x =>", Value: "../b x", Err: &LinkLoopError{Paths: []string{"/b", "/a", "/b"}}})
	want := `bad property link "x =>" ("../b x"): link loop: /b -> /a -> /b`
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	if (&NoNodeError{Path: "/x"}).Error() != "no node /x" {
		t.Error("NoNodeError text")
	}
	// Through a dangling link, the message names the missing target; a
	// missing parent is no link.
	l := tree("/a l -> = /gone; m -> = l", "/b")
	for path, want := range map[string]string{
		"/a/l":   "no node /a/l (a link leads to /gone, which does not exist)",
		"/a/m/c": "no node /a/m/c (a link leads to /gone, which does not exist)",
		"/b/c/d": "no node /b/c/d",
	} {
		if _, err := Resolve(l, path); err == nil || err.Error() != want {
			t.Errorf("Resolve(%q) = %v, want %q", path, err, want)
		}
	}
}

func TestSplitPropLink(t *testing.T) {
	for in, want := range map[string][2]string{
		"/a":         {"/a", ""},
		"/a b":       {"/a", "b"},
		" ../c \tx ": {"../c", "x"},
	} {
		target, prop, err := SplitPropLink(ast.Str(in))
		if err != nil || !reflect.DeepEqual([2]string{target, prop}, want) {
			t.Errorf("SplitPropLink(%q) = %q, %q, %v", in, target, prop, err)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	l := tree(
		"/top/a top -> = /top", "/top/a/b top -> = /top", "/top/a/b/c top -> = /top", "/top/a/b/c/d",
	)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(l, "/top/a/b/c/d"); err != nil {
			b.Fatal(err)
		}
		if _, err := Resolve(l, "/top/a/top/a/b/top/a/b/c/top/a/b/c/d"); err != nil {
			b.Fatal(err)
		}
	}
}
