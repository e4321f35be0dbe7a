package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

// load parses the named files; it fails the test on syntax errors.
func load(t testing.TB, paths ...string) (*eval.Model, map[string][]byte) {
	t.Helper()
	var files []*ast.File
	srcs := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, ds := lang.Parse(p, src)
		if len(ds) > 0 {
			t.Fatalf("parse: %v", ds)
		}
		files = append(files, f)
		srcs[p] = src
	}
	m, _ := eval.Eval(files...)
	return m, srcs
}

// TestRules runs every rule over testdata in the analysistest style: each
// testdata/*.zk file (or directory of files, loaded together) marks the
// lines that must get findings with a comment "# want RULE_ID …"; every
// other line must get none.
func TestRules(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, e := range entries {
		paths := []string{filepath.Join("testdata", e.Name())}
		if e.IsDir() {
			paths, _ = filepath.Glob(filepath.Join("testdata", e.Name(), "*.zk"))
		} else if !strings.HasSuffix(e.Name(), ".zk") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			m, srcs := load(t, paths...)
			got := map[string][]string{}
			for _, d := range Run(m, srcs, nil) {
				k := ast.Location(d.File, ast.Range{Start: ast.Pos{Line: d.Range.Start.Line, Col: 0}})
				got[k] = append(got[k], d.Code)
			}
			want := map[string][]string{}
			for _, f := range m.Files() {
				for _, c := range f.Comments {
					if _, ids, ok := strings.Cut(c.Text, "# want "); ok {
						k := ast.Location(f.Name, ast.Range{Start: ast.Pos{Line: c.Range.Start.Line, Col: 0}})
						want[k] = append(want[k], strings.Fields(ids)...)
					}
				}
			}
			for k, ids := range want {
				for _, id := range ids {
					covered[id] = true
				}
				slices.Sort(ids)
				g := got[k]
				slices.Sort(g)
				if !slices.Equal(g, ids) {
					t.Errorf("%s: got %v, want %v", k, g, ids)
				}
			}
			for k, ids := range got {
				if want[k] == nil {
					t.Errorf("%s: unexpected %v", k, ids)
				}
			}
		})
	}
	for _, r := range registry {
		if r.Default && !covered[r.ID] {
			t.Errorf("rule %s has no testdata", r.ID)
		}
	}
}

func TestRun_config(t *testing.T) {
	m, srcs := load(t, "testdata/links.zk")
	cfg, err := ParseConfig("c.yaml", []byte("lint:\n  disable: [DANGLING_LINK]\n  severity:\n    LINK_CYCLE: info\n"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, d := range Run(m, srcs, cfg) {
		codes = append(codes, d.Code+":"+d.Severity.String())
	}
	want := "LINK_CYCLE:info LINK_CYCLE:info LINK_CYCLE:info LINK_SHADOWED_BY_CHILD:warning"
	if got := strings.Join(codes, " "); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestBaselineSurvivesEdits lints every testdata tree, then the same tree
// with lines added at the top of each file: a baseline of the first run
// must accept every finding of the second, so no message may hold a line
// number.
func TestBaselineSurvivesEdits(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		paths := []string{filepath.Join("testdata", e.Name())}
		if e.IsDir() {
			paths, _ = filepath.Glob(filepath.Join("testdata", e.Name(), "*.zk"))
		}
		run := func(prefix string) ast.Diagnostics {
			var files []*ast.File
			srcs := map[string][]byte{}
			for _, p := range paths {
				src, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				src = append([]byte(prefix), src...)
				f, _ := lang.Parse(p, src)
				files, srcs[p] = append(files, f), src
			}
			m, _ := eval.Eval(files...)
			return Run(m, srcs, nil)
		}
		before, after := run(""), run("# an edit\n\n")
		if len(before) == 0 {
			continue
		}
		if left := NewBaseline(before).Filter(after); len(left) > 0 {
			t.Errorf("%s: the baseline no longer matches after an edit above: %v", e.Name(), left)
		}
	}
}

// TestUnusedIgnore checks what UNUSED_IGNORE looks at: only rules that ran
// (the configuration turns them off, a layout rule has no source to read),
// at the severity the configuration gives it, with the range of the rule
// ID so that an editor can replace it by the suggestion.
func TestUnusedIgnore(t *testing.T) {
	src := "/app\n  # zktree:ignore DANGLING_LINK\n  a -> /app\n  b -> /app  # zktree:ignore TAB_INDENTATION\n  # zktree:ignore LINK_CYCLES\n  c -> /app\n"
	f, ds := lang.Parse("t.zk", []byte(src))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	m, _ := eval.Eval(f)
	withSrc := map[string][]byte{"t.zk": []byte(src)}
	cfg := func(yaml string) *Config {
		c, err := ParseConfig("c.yaml", []byte(yaml))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name string
		srcs map[string][]byte
		cfg  *Config
		want string
	}{
		{"defaults", withSrc, nil, "2:DANGLING_LINK:warning 4:TAB_INDENTATION:warning 5:LINK_CYCLES:warning"},
		{"no sources", nil, nil, "2:DANGLING_LINK:warning 5:LINK_CYCLES:warning"},
		{"rules off", withSrc, cfg("lint:\n  disable: [DANGLING_LINK]\n  severity:\n    TAB_INDENTATION: off\n"), "5:LINK_CYCLES:warning"},
		{"re-graded", withSrc, cfg("lint:\n  severity:\n    UNUSED_IGNORE: error\n    DANGLING_LINK: off\n"), "4:TAB_INDENTATION:error 5:LINK_CYCLES:error"},
		{"off", withSrc, cfg("lint:\n  disable: [UNUSED_IGNORE]\n"), ""},
	} {
		var got []string
		for _, d := range Run(m, tc.srcs, tc.cfg) {
			if d.Code != "UNUSED_IGNORE" {
				t.Errorf("%s: unexpected %s", tc.name, d)
				continue
			}
			id := src[d.Range.Start.Offset:d.Range.End.Offset]
			if line := strings.Split(src, "\n")[d.Range.Start.Line-1]; !strings.HasPrefix(line[d.Range.Start.Col-1:], id) {
				t.Errorf("%s: %s: the columns do not match the offsets", tc.name, d)
			}
			got = append(got, fmt.Sprintf("%d:%s:%s", d.Range.Start.Line, id, d.Severity))
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, g, tc.want)
		}
	}
	for _, d := range Run(m, withSrc, nil) {
		if d.Range.Start.Line == 5 {
			want := "zktree:ignore names the unknown rule LINK_CYCLES; did you mean LINK_CYCLE?"
			if d.Suggestion != "LINK_CYCLE" || d.Message != want {
				t.Errorf("got %q (suggestion %q), want %q", d.Message, d.Suggestion, want)
			}
		}
	}
}

// TestUnusedIgnore_suggestions checks the "did you mean" of a misspelt rule
// ID, also of one that reads as free text for lack of an underscore.
func TestUnusedIgnore_suggestions(t *testing.T) {
	for src, want := range map[string]string{
		"/a  # zktree:ignore DANGLNG_LINK\n":    "DANGLNG_LINK: zktree:ignore names the unknown rule DANGLNG_LINK; did you mean DANGLING_LINK? (DANGLING_LINK)",
		"/a  # zktree:ignore DANGLINGLINK\n":    "DANGLINGLINK: zktree:ignore names no rule ID; did you mean DANGLING_LINK? (DANGLING_LINK)",
		"/a  # zktree:ignore fix it later\n":    "# zktree:ignore fix it later: zktree:ignore names no rule ID ()",
		"/a  # zktree:ignore NO_SUCH_THING_X\n": "NO_SUCH_THING_X: zktree:ignore names the unknown rule NO_SUCH_THING_X ()",
	} {
		f, _ := lang.Parse("t.zk", []byte(src))
		m, _ := eval.Eval(f)
		var got []string
		for _, d := range Run(m, map[string][]byte{"t.zk": []byte(src)}, nil) {
			got = append(got, fmt.Sprintf("%s: %s (%s)", src[d.Range.Start.Offset:d.Range.End.Offset], d.Message, d.Suggestion))
		}
		if g := strings.Join(got, "; "); g != want {
			t.Errorf("%q: got %q, want %q", src, g, want)
		}
	}
}
