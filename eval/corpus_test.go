package eval_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/zczk"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
)

// TestZCZKCorpus runs every resolve and props case of the zc.zk corpus
// against a model of the case's trees. One deliberate difference: zc.zk
// resolves "/a/.." to "" (its emulator's root); zktree names the root "/".
func TestZCZKCorpus(t *testing.T) {
	dir := zczk.Dir(t)
	var cases []zczk.Case
	for _, kind := range []string{"resolve", "props"} {
		cs, err := zczk.Cases(dir, kind)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, cs...)
	}
	for _, c := range cases {
		stem := strings.TrimSuffix(c.Path("opts"), ".opts")
		opts := readOpts(t, c.Path("opts"))
		kind := c.Kind
		t.Run(c.Name, func(t *testing.T) {
			m := caseModel(t, dir, stem, opts)
			var got []string
			if kind == "resolve" {
				for _, p := range strings.Fields(first(opts["checks"])) {
					got = append(got, resolveLine(m, p))
				}
			} else {
				for _, c := range opts["check"] {
					path, key, _ := strings.Cut(c, " ")
					got = append(got, propsLines(m, path, key)...)
				}
			}
			want := expected(t, stem+".expected")
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	if len(cases) != 14 {
		t.Errorf("ran %d resolve/props cases, want 14", len(cases))
	}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func readOpts(t *testing.T, path string) map[string][]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := map[string][]string{}
	for line := range strings.Lines(string(data)) {
		if k, v, ok := strings.Cut(strings.TrimRight(line, "\r\n"), "="); ok {
			opts[k] = append(opts[k], v)
		}
	}
	return opts
}

// expected returns the result lines of an .expected file, without the
// "#py" and "#log" notes, with the root written "/", and without the
// Python 2 "u" prefixes of error arguments (zktree's errors do not know
// where a name came from).
func expected(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "resolve ") && strings.HasSuffix(line, " = ") {
			line += "/" // zc.zk's "" is zktree's "/"
		}
		if before, after, ok := strings.Cut(line, " ! "); ok {
			line = before + " ! " + strings.ReplaceAll(after, " u'", " '")
		}
		out = append(out, line)
	}
	return out
}

// caseModel builds the model of a case: the base tree, created nodes, the
// "before" trees and the case's tree, each mounted where the case says.
func caseModel(t *testing.T, dir, stem string, opts map[string][]string) *eval.Model {
	var mounts []eval.Mount
	add := func(path, at string) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, ds := lang.Parse(filepath.Base(path), src)
		if len(ds) > 0 {
			t.Fatalf("parse: %v", ds)
		}
		mounts = append(mounts, eval.Mount{Path: at, File: f})
	}
	if first(opts["base"]) == "testing" {
		add(filepath.Join(dir, "003-testing-default-tree.tree"), "/")
		mounts = append(mounts, eval.Mount{Path: "/zookeeper/quota", File: &ast.File{}})
	}
	for p := range strings.SplitSeq(first(opts["create"]), ",") {
		if p != "" {
			mounts = append(mounts, eval.Mount{Path: p, File: &ast.File{}})
		}
	}
	beforePath := cmpOr(first(opts["before_path"]), "/")
	for _, b := range []string{".before1", ".before2"} {
		if _, err := os.Stat(stem + b); err == nil {
			add(stem+b, beforePath)
		}
	}
	add(stem+".tree", cmpOr(first(opts["path"]), "/"))
	m, ds := eval.EvalMounts(mounts...)
	_ = ds // broken links are part of several cases
	return m
}

func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

func resolveLine(m *eval.Model, path string) string {
	r, err := m.Resolve(path)
	if err != nil {
		return "resolve " + path + " ! " + errText(err)
	}
	return "resolve " + path + " = " + r
}

// errText renders err as the corpus does: "Class args", nesting shown with
// " <- ".
func errText(err error) string {
	var (
		bp *eval.BadPropertyLinkError
		nn *eval.NoNodeError
		ll *eval.LinkLoopError
		np *eval.NoPropertyError
	)
	switch {
	case errors.As(err, &bp) && error(bp) == err:
		return "BadPropertyLink <- " + errText(bp.Err)
	case errors.As(err, &nn):
		return "NoNodeError " + nn.Path
	case errors.As(err, &ll):
		return "LinkLoop " + strings.Join(ll.Paths, " ")
	case errors.As(err, &np):
		return "KeyError " + strconv.Quote(np.Name)[1:len(np.Name)+1]
	}
	return err.Error()
}

// propsLines answers one props check as zc.zk's Properties object does.
func propsLines(m *eval.Model, path, key string) []string {
	real, err := m.Resolve(path)
	if err != nil {
		return []string{"get " + path + " " + key + " ! " + errText(err)}
	}
	raw := m.Node(real).Props()
	var keys []string
	for k := range raw {
		keys = append(keys, strings.TrimSuffix(k, " =>"))
	}
	slices.Sort(keys)
	switch {
	case key == "*keys":
		return []string{"keys " + path + " = " + strings.Join(keys, " ")}
	case key == "*len":
		return []string{"len " + path + " = " + strconv.Itoa(len(raw))}
	case strings.HasPrefix(key, "*in "):
		k := strings.TrimPrefix(key, "*in ")
		_, a := raw[k]
		_, b := raw[k+" =>"]
		return []string{"contains " + path + " " + k + " = " + map[bool]string{true: "True", false: "False"}[a || b]}
	case key == "*items":
		var out []string
		for _, k := range keys {
			out = append(out, "item "+path+" "+k+" = "+value(m, path, k))
		}
		return out
	}
	v, err := m.Prop(path, key)
	if err != nil {
		return []string{"get " + path + " " + key + " ! " + kerr(err)}
	}
	return []string{"get " + path + " " + key + " = " + nodedata.Repr(v, true)}
}

func value(m *eval.Model, path, key string) string {
	v, err := m.Prop(path, key)
	if err != nil {
		return "! " + kerr(err)
	}
	return nodedata.Repr(v, true)
}

// kerr renders a property error, with KeyError arguments quoted.
func kerr(err error) string {
	s := errText(err)
	if before, name, ok := strings.Cut(s, "KeyError "); ok {
		return before + "KeyError '" + name + "'"
	}
	return s
}
