package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/golden"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// liveTree is imported into a real ZooKeeper by TestGraphLive.
const liveTree = `/lb : ipvs
  /providers
  /pools
    /cms
      providers -> /cms/providers
/cms : z4m cms
  threads => /config
  /providers
  db -> /db/providers
/db : database
  /providers
    /static
/config
  threads = 4
  colour => /cms
`

// run runs the zktree command line and returns its exit code and output.
func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestGraphLive draws a tree read from a real ZooKeeper: the DOT text is
// the same as that of the file it was imported from, and --providers
// counts the ephemeral registrations (not persistent children).
func TestGraphLive(t *testing.T) {
	addr := testzk.Root(t)
	c := testzk.Dial(t, addr)
	ctx := context.Background()
	f, ds := lang.Parse("live.zk", []byte(liveTree))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	plan, ds, err := zksync.PlanImport(ctx, c, f, zksync.ImportOptions{})
	if err != nil || ds.HasErrors() {
		t.Fatal(err, ds)
	}
	if _, err := plan.Apply(ctx, c, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/cms/providers/10.0.0.1:80", "/cms/providers/10.0.0.2:80"} {
		if _, err := c.Create(ctx, p, []byte(`{"pid":1}`), zkconn.FlagEphemeral, zkconn.OpenACL); err != nil {
			t.Fatal(err)
		}
	}

	file := filepath.Join(t.TempDir(), "live.zk")
	if err := os.WriteFile(file, []byte(liveTree), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fromFile, _ := run("graph", file)
	code, live, stderr := run("graph", "--zk", addr)
	if !strings.Contains(fromFile, `id="/db/providers/static"`) || strings.Contains(live, "10.0.0.1") {
		t.Errorf("the drawing must show persistent nodes only:\n%s", live)
	}
	if want := "/config: warning: "; !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "colour") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("graph --zk: stderr %q, want one line starting %q", stderr, want)
	}
	if code != 0 || live != fromFile {
		t.Errorf("graph --zk: exit %d: %s\ngot:\n%s\nwant (from the file):\n%s", code, stderr, live, fromFile)
	}

	code, svc, stderr := run("graph", "--zk", addr, "--view", "services", "--providers")
	if code != 0 {
		t.Fatalf("graph --zk --providers: exit %d: %s", code, stderr)
	}
	for _, s := range []string{
		`<b>/cms</b><br/><font point-size="10">z4m cms</font><br/><font point-size="10">2 providers</font>`,
		`<b>/db</b><br/><font point-size="10">database</font><br/><font point-size="10">0 providers</font>`,
		`id="service /cms -> /db",label="db"`,
		`id="service /lb -> /cms",label="providers"`,
	} {
		if !strings.Contains(svc, s) {
			t.Errorf("services view lacks %s:\n%s", s, svc)
		}
	}
}

// partialTree has a subtree /cms whose links lead to nodes outside it, one
// of which (/secret) nobody can read, and problems outside /cms.
const partialTree = `/cms : z4m cms
  threads => /config
  db -> /alias/db/providers
  hidden -> /secret/x
  /providers
/alias
  db -> /db
/db : database
  /providers
/config
  threads = 4
  colour => /cms
  broken -> /nowhere
  broken2 -> /nowhere
`

// TestGraphLive_subtree draws a subtree of a live tree: only what the
// drawing needs is read, so an unreadable node elsewhere does not fail the
// command, links out of the subtree are followed on the server, and only
// the problems of the subtree are reported, once each.
func TestGraphLive_subtree(t *testing.T) {
	addr := testzk.Root(t)
	c := testzk.Dial(t, addr)
	ctx := context.Background()
	f, ds := lang.Parse("partial.zk", []byte(partialTree))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	plan, ds, err := zksync.PlanImport(ctx, c, f, zksync.ImportOptions{})
	if err != nil || ds.HasErrors() {
		t.Fatal(err, ds)
	}
	if _, err := plan.Apply(ctx, c, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	secret, err := zkconn.ParseACL("digest:someone:else:rwcda")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, "/secret", []byte(`{"x ->": "/db"}`), zkconn.FlagPersistent, secret); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("graph", "--zk", addr, "/"); code != 1 || !strings.Contains(stderr, "permission denied") {
		t.Errorf("graph of the whole tree: exit %d, %s; want a failure reading /secret", code, stderr)
	}

	code, live, stderr := run("graph", "--zk", addr, "/cms")
	if code != 0 || stderr != "" {
		t.Fatalf("graph --zk /cms: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		`id="link /cms -> /db/providers",label="db"`,         // through /alias, on the server
		`id="property-link /cms -> /config",label="threads"`, // property read on the server
		`id="link /cms -> /secret/x",label="hidden"`,         // unreadable: drawn as external
		`id="/secret/x",label=<<b>/secret/x</b>>,shape="box",style="rounded,dashed"`,
	} {
		if !strings.Contains(live, want) {
			t.Errorf("graph --zk /cms lacks %s:\n%s", want, live)
		}
	}
	if strings.Contains(live, "(missing)") {
		t.Errorf("graph --zk /cms draws a missing node:\n%s", live)
	}

	code, _, stderr = run("graph", "--zk", addr, "/config")
	want := "/config: warning: link \"broken\": no node /nowhere\n" +
		"/config: warning: link \"broken2\": no node /nowhere\n" +
		"/config: warning: property link \"colour\": node /cms has no property \"colour\"\n"
	if code != 0 || stderr != want {
		t.Errorf("graph --zk /config: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

// TestGraph_exitCodes checks that a root that names no node is an error
// (exit 1), not a usage error (exit 2), for files and live trees.
func TestGraph_exitCodes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.zk")
	if err := os.WriteFile(file, []byte("/a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("graph", "--root", "/nope", file); code != 1 || stderr != "zktree: no node /nope in the tree\n" {
		t.Errorf("--root /nope: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := run("graph", "--rankdir", "XY", file); code != 2 || !strings.Contains(stderr, "for usage") {
		t.Errorf("--rankdir XY: exit %d, stderr %q", code, stderr)
	}
	addr := testzk.Root(t)
	code, _, stderr := run("graph", "--zk", addr, "/nonexist")
	if code != 1 || !strings.Contains(stderr, "no node /nonexist in the tree") || strings.Contains(stderr, "usage") {
		t.Errorf("--zk /nonexist: exit %d, stderr %q", code, stderr)
	}
}

// TestGraph_connectionFlags checks that graph has the connection flags of
// the other ZooKeeper commands, with the same help.
func TestGraph_connectionFlags(t *testing.T) {
	graph, imp := newGraphCmd().Flags(), newImportCmd().Flags()
	for _, name := range []string{"zk", "auth", "timeout"} {
		g, i := graph.Lookup(name), imp.Lookup(name)
		if g == nil || i == nil || g.Usage != i.Usage || g.DefValue != i.DefValue {
			t.Errorf("--%s: graph %+v, import %+v", name, g, i)
		}
	}
}

// TestGraph_architectureSVG keeps docs/architecture.svg, the picture the
// README shows, what `zktree graph --legend` draws for the seed tree: the
// same nodes, clusters and edges with the same texts, colours and shapes
// (coordinates depend on the Graphviz version and are not compared).
// ZKTREE_UPDATE=1 rewrites the picture.
func TestGraph_architectureSVG(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz's dot is not installed")
		}
		t.Skip("Graphviz's dot is not installed")
	}
	picture := filepath.Join("..", "..", "docs", "architecture.svg")
	out := filepath.Join(t.TempDir(), "architecture.svg")
	seed := filepath.Join("..", "..", "graphviz", "testdata", "seed-readme.zk")
	if code, _, stderr := run("graph", "--legend", seed, "-o", out); code != 0 {
		t.Fatalf("zktree graph: exit %d: %s", code, stderr)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if golden.Update() {
		if err := os.WriteFile(picture, fresh, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(picture)
	if err != nil {
		t.Fatal(err)
	}
	want := svgSummary(t, fresh)
	if len(want) < 30 {
		t.Fatalf("the drawing has %d elements, want the whole seed tree and a legend:\n%s", len(want), strings.Join(want, "\n"))
	}
	if got := svgSummary(t, committed); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docs/architecture.svg is out of date; run ZKTREE_UPDATE=1 go test ./cmd/zktree -run TestGraph_architectureSVG\ngot:\n%s\nwant:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// svgSummary returns one line for each node, cluster and edge group of an
// SVG written by Graphviz: its class, id and title, then the texts and the
// fill and stroke colours and dash styles of what it draws, in order.
func svgSummary(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var out []string
	var cur *strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch {
			case cur == nil && tok.Name.Local == "g" && (attr["class"] == "node" || attr["class"] == "edge" || attr["class"] == "cluster"):
				cur, depth = &strings.Builder{}, 0
				cur.WriteString(attr["class"] + " " + attr["id"])
			case cur != nil:
				depth++
				if tok.Name.Local == "title" || tok.Name.Local == "text" {
					break
				}
				for _, k := range []string{"fill", "stroke", "stroke-dasharray", "stroke-width", "font-weight"} {
					if v, ok := attr[k]; ok {
						cur.WriteString(" " + k + "=" + v)
					}
				}
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); cur != nil && s != "" {
				cur.WriteString(" " + strconv.Quote(s))
			}
		case xml.EndElement:
			if cur == nil {
				break
			}
			if depth == 0 {
				out = append(out, cur.String())
				cur = nil
			} else {
				depth--
			}
		}
	}
	return out
}

// TestGraph_withoutDot checks what a user without Graphviz sees: SVG and
// PNG fail with a message saying what to install, no output file is left
// behind, and DOT output still works.
func TestGraph_withoutDot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t.zk")
	if err := os.WriteFile(file, []byte("/a : web\n  b -> /b\n/b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Join(dir, "empty"))
	for _, args := range [][]string{{"-o", filepath.Join(dir, "out.svg")}, {"--format", "png"}} {
		code, stdout, stderr := run(append([]string{"graph"}, append(args, file)...)...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, "dot program is not installed") ||
			!strings.Contains(stderr, "apt-get install graphviz") || !strings.Contains(stderr, "DOT output works without it") {
			t.Errorf("graph %v without dot: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.svg")); err == nil {
		t.Error("graph -o out.svg without dot left a file behind")
	}
	if code, stdout, stderr := run("graph", "-o", filepath.Join(dir, "out.dot"), file); code != 0 || stdout != "" || stderr != "" {
		t.Errorf("graph -o out.dot without dot: exit %d, %q, %q", code, stdout, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "out.dot")); err != nil || !strings.Contains(string(data), `id="link /a -> /b"`) {
		t.Errorf("out.dot: %v\n%s", err, data)
	}
}
