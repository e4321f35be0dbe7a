package zksync_test

import (
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/internal/zczk"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// zczkDifferences are the corpus cases where zktree differs from zc.zk on
// purpose, with the reason. The case still runs; these expected outputs
// are replaced as noted in zczkOverrides.
var zczkDifferences = map[string]string{
	"100-import-acl-change-bug":         "zc.zk passes set_acls its arguments in the wrong order and fails; zktree sets the ACL (BEHAVIOUR §9.2)",
	"135-walk-ephemeral-false-only-top": "zc.zk's walk drops its ephemeral flag below the start node; zktree honours it at every level (BEHAVIOUR §9.3)",
	"137-walk-children-only-top":        "zc.zk's walk drops its children flag below the start node; zktree honours it at every level (BEHAVIOUR §9.3)",
	"103-import-into-missing-path":      "zc.zk fails on the first create (NoNodeError); zktree checks the import path before planning; same outcome, nothing written",
	"102-import-dry-run-value-formats":  "a parsed string keeps no u prefix, so a dict in a dry-run message prints {'k': 'v'} where zc.zk printed {'k': u'v'} for a u'v' literal",
	"(every export)":                    `a property link exports as "x => target", not zc.zk's "x => = u'target'", which does not re-import (SPEC §2.6); expected exports are rewritten so`,
}

// zczkOverrides are the outputs zktree gives for the deliberate
// differences (the part of .expected they replace).
var zczkOverrides = map[string]string{
	"100-import-acl-change-bug":         "--- output\n--- export\n/a\n",
	"135-walk-ephemeral-false-only-top": "/fooservice\n/fooservice/providers\n",
	"137-walk-children-only-top":        "/a [b d]\n/a/b [c]\n/a/b/c []\n/a/d []\n",
}

// zczkEdits are text replacements in the expected output of deliberate
// differences.
var zczkEdits = map[string][2]string{
	"102-import-dry-run-value-formats": {"{'k': u'v'}", "{'k': 'v'}"},
}

// propLinkExports rewrites zc.zk's export of a property link,
// "x => = u'target'", as zktree writes it: "x => target".
func propLinkExports(s string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		if i := strings.Index(l, " => = u'"); i >= 0 && strings.HasSuffix(l, "'\n") && !strings.HasPrefix(l, "get ") {
			l = l[:i] + " => " + l[i+len(" => = u'"):len(l)-2] + "\n"
		}
		b.WriteString(l)
	}
	return b.String()
}

// TestZcZkCorpus runs the corpus cases that need a server (import, export,
// resolve, props, delete, walk), each under its own root, and compares
// with what zc.zk 2.1 produced.
func TestZcZkCorpus(t *testing.T) {
	dir := zczk.Dir(t)
	testzk.Addr(t)
	for _, kind := range []string{"import", "export", "resolve", "props", "delete", "walk"} {
		cases, err := zczk.Cases(dir, kind)
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) == 0 {
			t.Fatalf("no %s cases in %s", kind, dir)
		}
		for _, c := range cases {
			t.Run(c.Name, func(t *testing.T) {
				t.Parallel()
				runCase(t, c)
			})
		}
	}
}

type caseOpts map[string][]string

func (o caseOpts) get(k string) string {
	if v := o[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func readCase(t *testing.T, c zczk.Case, ext string) string {
	t.Helper()
	b, err := c.Read(ext)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func runCase(t *testing.T, c zczk.Case) {
	opts := caseOpts{}
	for l := range strings.Lines(readCase(t, c, "opts")) {
		k, v, _ := strings.Cut(strings.TrimRight(l, "\n"), "=")
		opts[k] = append(opts[k], v)
	}
	root := testzk.Root(t)
	zk := testzk.Dial(t, root)
	setUpCase(t, c, zk, testzk.Dial(t, root), opts)
	tree := parseTree(t, c.Name, readCase(t, c, "tree"))
	var out strings.Builder
	switch c.Kind {
	case "import":
		runImport(t, zk, tree, opts, &out)
	case "export":
		importText(t, zk, tree, "/")
		_, err := zksync.Export(ctx, zk, &out, opts.get("export_path"), zksync.ExportOptions{
			Ephemeral: opts.get("export_ephemeral") == "true", Name: opts.get("name"), Compat: true})
		if err != nil {
			t.Fatal(err)
		}
	case "resolve":
		importText(t, zk, tree, "/")
		for _, p := range strings.Fields(opts.get("checks")) {
			fmt.Fprintf(&out, "resolve %s %s\n", p, resolveResult(ctx, zk, p))
		}
	case "props":
		importText(t, zk, tree, cmpPath(opts.get("path")))
		for _, check := range opts["check"] {
			p, key, _ := strings.Cut(check, " ")
			out.WriteString(propsResult(zk, p, key))
		}
	case "delete":
		importText(t, zk, tree, "/")
		fmt.Fprintln(&out, "--- output")
		p, err := zksync.PlanDelete(ctx, zk, opts.get("delete"), zksync.DeleteOptions{DryRun: opts.get("dry_run") == "true", Force: opts.get("force") == "true"})
		if err != nil {
			t.Fatal(err)
		}
		writeLines(&out, p.Messages)
		if opts.get("dry_run") != "true" {
			if _, err := p.Apply(ctx, zk, zksync.ApplyOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		exportAll(t, zk, &out)
	case "walk":
		importText(t, zk, tree, "/")
		children := opts.get("walk_children") == "true"
		err := zksync.Walk(ctx, zk, cmpPath(opts.get("walk_path")), zksync.WalkOptions{Ephemeral: opts.get("walk_ephemeral") != "false"}, func(p string, kids []string) error {
			if children {
				fmt.Fprintf(&out, "%s [%s]\n", p, strings.Join(kids, " "))
			} else {
				fmt.Fprintln(&out, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	want, ok := zczkOverrides[c.Name]
	if !ok {
		want = readCase(t, c, "expected")
	}
	if edit, ok := zczkEdits[c.Name]; ok {
		want = strings.ReplaceAll(want, edit[0], edit[1])
	}
	want = propLinkExports(dropPyLines(want))
	if got := out.String(); got != want {
		t.Errorf("got:\n%s\nwant (zc.zk):\n%s", got, want)
	}
}

// setUpCase makes the server state the case starts from.
func setUpCase(t *testing.T, c zczk.Case, zk, owner *zkconn.Client, opts caseOpts) {
	if opts.get("base") == "testing" {
		importText(t, zk, parseTree(t, "base", testingTree(t, c)), "/")
		mkNodes(t, zk, "/zookeeper", "/zookeeper/quota")
	}
	for _, p := range splitList(opts.get("create")) {
		mkNodes(t, zk, p)
	}
	for _, p := range splitList(opts.get("ephemeral")) {
		if _, err := owner.Create(ctx, p, []byte(`{"pid":9999}`), zkconn.FlagEphemeral, zkconn.ReadACL); err != nil {
			t.Fatal(err)
		}
	}
	for _, ext := range []string{"before1", "before2"} {
		if text := readCase(t, c, ext); text != "" {
			importText(t, zk, parseTree(t, ext, text), cmpPath(opts.get("before_path")))
		}
	}
}

// testingTree is the default tree of zc.zk.testing (case 003).
func testingTree(t *testing.T, c zczk.Case) string {
	b, err := os.ReadFile(path.Join(c.Dir, "003-testing-default-tree.tree"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func cmpPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func parseTree(t *testing.T, name, text string) *ast.File {
	t.Helper()
	f, diags := lang.Parse(name, []byte(text))
	if diags.HasErrors() {
		t.Fatalf("parse %s: %v", name, diags)
	}
	return f
}

func importText(t *testing.T, zk zkconn.Store, f *ast.File, at string) {
	t.Helper()
	p, diags, err := zksync.PlanImport(ctx, zk, f, zksync.ImportOptions{Path: at, Trim: zksync.TrimNo})
	if err != nil || diags.HasErrors() {
		t.Fatalf("import: %v %v", err, diags)
	}
	if _, err := p.Apply(ctx, zk, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

func runImport(t *testing.T, zk zkconn.Store, f *ast.File, opts caseOpts, out *strings.Builder) {
	io := zksync.ImportOptions{Path: opts.get("path"), DryRun: opts.get("dry_run") == "true"}
	switch opts.get("trim") {
	case "true":
		io.Trim = zksync.TrimYes
	case "false":
		io.Trim = zksync.TrimNo
	}
	if opts.get("acl") == "read" {
		io.ACL = zkconn.ReadACL
	}
	fmt.Fprintln(out, "--- output")
	p, diags, err := zksync.PlanImport(ctx, zk, f, io)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if err == nil {
		writeLines(out, p.Messages)
		if !io.DryRun {
			_, err = p.Apply(ctx, zk, zksync.ApplyOptions{})
		}
	}
	if err != nil {
		fmt.Fprintf(out, "--- error\n%s\n", errorClass(err))
	}
	exportAll(t, zk, out)
}

// errorClass names an error as the corpus does.
func errorClass(err error) string {
	if errors.Is(err, zkconn.ErrNoNode) {
		return "NoNodeError: no node"
	}
	return err.Error()
}

func exportAll(t *testing.T, zk zkconn.Store, out *strings.Builder) {
	fmt.Fprintln(out, "--- export")
	if _, err := zksync.Export(ctx, zk, out, "/", zksync.ExportOptions{Ephemeral: true, Compat: true}); err != nil {
		t.Fatal(err)
	}
}

func writeLines(out *strings.Builder, lines []string) {
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
}

func resolveResult(ctx_ any, zk zkconn.Store, p string) string {
	real, err := zksync.Resolve(ctx, zk, p)
	var nn *eval.NoNodeError
	var ll *eval.LinkLoopError
	switch {
	case err == nil:
		if real == "/" && p != "/" {
			real = "" // zc.zk's textual root
		}
		return "= " + real
	case errors.As(err, &nn):
		return "! NoNodeError " + nn.Path
	case errors.As(err, &ll):
		return "! LinkLoop " + strings.Join(ll.Paths, " ")
	}
	return "! " + err.Error()
}

// propsResult reads property key of p as zc.zk's Properties do; keys
// starting with "*" are the special checks of the corpus.
func propsResult(zk zkconn.Store, p, key string) string {
	l := zkconn.NewLookup(ctx, zk)
	get := func(k string) string {
		v, err := eval.ResolveProp(l, p, k)
		if err != nil {
			return "! " + errorChain(err)
		}
		return "= " + nodedata.Repr(v, true)
	}
	props, _, _ := l.Props(p)
	var keys []string
	for k := range props {
		keys = append(keys, strings.TrimSuffix(k, " =>"))
	}
	slices.Sort(keys)
	switch {
	case key == "*keys":
		return fmt.Sprintf("keys %s = %s\n", p, strings.Join(keys, " "))
	case key == "*len":
		return fmt.Sprintf("len %s = %d\n", p, len(props))
	case strings.HasPrefix(key, "*in "):
		k := strings.TrimPrefix(key, "*in ")
		_, a := props[k]
		_, b := props[k+" =>"]
		return fmt.Sprintf("contains %s %s = %s\n", p, k, map[bool]string{true: "True", false: "False"}[a || b])
	case key == "*items":
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "item %s %s %s\n", p, k, get(k))
		}
		return b.String()
	}
	return fmt.Sprintf("get %s %s %s\n", p, key, get(key))
}

// errorChain renders an eval error as the corpus's neutral format, e.g.
// "BadPropertyLink <- KeyError 'x'".
func errorChain(err error) string {
	var parts []string
	for err != nil {
		var bl *eval.BadPropertyLinkError
		var nn *eval.NoNodeError
		var ll *eval.LinkLoopError
		var np *eval.NoPropertyError
		switch {
		case errors.As(err, &bl) && bl == err:
			parts = append(parts, "BadPropertyLink")
			err = bl.Err
			continue
		case errors.As(err, &nn):
			parts = append(parts, "NoNodeError "+nn.Path)
		case errors.As(err, &ll):
			parts = append(parts, "LinkLoop "+strings.Join(ll.Paths, " "))
		case errors.As(err, &np):
			parts = append(parts, "KeyError "+np.Name)
		default:
			parts = append(parts, err.Error())
		}
		break
	}
	return strings.Join(parts, " <- ")
}

// dropPyLines removes the corpus's "#py" and "#log" reference lines and
// Python's quoting of KeyError arguments.
func dropPyLines(s string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, "#py ") || strings.HasPrefix(l, "#log ") {
			continue
		}
		if i := strings.Index(l, "KeyError "); i >= 0 {
			arg := strings.TrimSuffix(l[i+len("KeyError "):], "\n")
			arg = strings.Trim(strings.TrimPrefix(arg, "u"), "'")
			l = l[:i] + "KeyError " + arg + "\n"
		}
		b.WriteString(l)
	}
	return b.String()
}
