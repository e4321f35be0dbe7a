package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if want := "/config: error: "; !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "colour") || strings.Count(stderr, "\n") != 1 {
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
