package zksync_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func planText(t *testing.T, zk zkconn.Store, text string, opts zksync.ImportOptions) *zksync.Plan {
	t.Helper()
	p, diags, err := zksync.PlanImport(ctx, zk, parseTree(t, "t.zk", text), opts)
	if err != nil || diags.HasErrors() {
		t.Fatalf("plan: %v %v", err, diags)
	}
	return p
}

func TestImportVersionConflict(t *testing.T) {
	zk := testzk.Conn(t)
	mkNodes(t, zk, `/a {"x":1}`)
	p := planText(t, zk, "/a\n  x = 2\n/b\n", zksync.ImportOptions{})
	if _, err := zk.Set(ctx, "/a", []byte(`{"x":3}`), -1); err != nil { // someone else
		t.Fatal(err)
	}
	_, err := p.Apply(ctx, zk, zksync.ApplyOptions{Atomic: true})
	var ae *zksync.ApplyError
	if !errors.As(err, &ae) || !errors.Is(err, zkconn.ErrBadVersion) || ae.Failed.Path != "/a" || ae.Applied != 0 || len(ae.NotApplied) != 2 {
		t.Fatalf("apply over a concurrent change: %v", err)
	}
	if !strings.Contains(err.Error(), "changed after the plan was made") {
		t.Errorf("message: %v", err)
	}
	if data, _, _ := zk.Get(ctx, "/a"); string(data) != `{"x":3}` {
		t.Errorf("the other writer's data was overwritten: %s", data)
	}
	if st, _ := zk.Exists(ctx, "/b"); st != nil {
		t.Error("the atomic transaction was applied in part")
	}
}

func TestImportPartWayFailure(t *testing.T) {
	zk := testzk.Conn(t)
	p := planText(t, zk, "/a\n  /x\n/b\n  /y\n  /z\n", zksync.ImportOptions{})
	mkNodes(t, zk, "/b", "/b/y") // created by someone else meanwhile
	_, err := p.Apply(ctx, zk, zksync.ApplyOptions{})
	var ae *zksync.ApplyError
	if !errors.As(err, &ae) || !errors.Is(err, zkconn.ErrNodeExists) || ae.Failed.Path != "/b" {
		t.Fatalf("apply: %v", err)
	}
	var notApplied []string
	for _, c := range ae.NotApplied {
		notApplied = append(notApplied, string(c.Kind)+" "+c.Path)
	}
	// The depth-1 transaction failed as a whole, so nothing was applied.
	if ae.Applied != 0 || strings.Join(notApplied, ",") != "create /a,create /a/x,create /b,create /b/y,create /b/z" {
		t.Errorf("applied %d, not applied %q", ae.Applied, notApplied)
	}

	zk = testzk.Conn(t)
	p = planText(t, zk, "/a\n  /x\n/b\n  /y\n  /z\n", zksync.ImportOptions{})
	_, err = p.Apply(ctx, &failOn{Store: zk, path: "/b/z"}, zksync.ApplyOptions{BatchSize: 1})
	if !errors.As(err, &ae) || ae.Failed.Path != "/b/z" || ae.Applied != 4 || len(ae.NotApplied) != 1 {
		t.Fatalf("apply with a failing write: %v (%+v)", err, ae)
	}
	assertPaths(t, zk, "/", "/", "/a", "/a/x", "/b", "/b/y")
}

// failOn is a store whose transactions fail when they touch path.
type failOn struct {
	zkconn.Store
	path string
}

func (f *failOn) Multi(c context.Context, ops ...zkconn.Op) ([]zkconn.OpResult, error) {
	for i, op := range ops {
		if op.OpPath() == f.path {
			res := make([]zkconn.OpResult, len(ops))
			res[i].Err = errors.New("injected failure")
			return res, res[i].Err
		}
	}
	return f.Store.Multi(c, ops...)
}

func TestImportACL(t *testing.T) {
	root := testzk.Root(t)
	zk := testzk.Dial(t, root)
	mkNodes(t, zk, "/a")
	// Read and admin only: the ACL must change before the data can.
	readAdmin := []zkconn.ACL{{Perms: zkconn.PermRead | zkconn.PermAdmin, Scheme: "world", ID: "anyone"}}
	if _, err := zk.SetACL(ctx, "/a", readAdmin, -1); err != nil {
		t.Fatal(err)
	}
	p := planText(t, zk, "/a\n/b\n", zksync.ImportOptions{DryRun: true})
	if got := strings.Join(p.Messages, "\n"); got != "/a ACL change from world:anyone:ra to world:anyone:rwcda\nadd /b" {
		t.Errorf("dry run messages:\n%s", got)
	}
	if _, err := p.Apply(ctx, zk, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if acl, _, _ := zk.GetACL(ctx, "/a"); !zkconn.ACLEqual(acl, zkconn.OpenACL) {
		t.Errorf("ACL of /a = %v", acl)
	}
	// Digest ACLs: the created node is readable only with the credentials.
	alice := zkconn.DigestACL(zkconn.PermAll, "alice", "pw")
	p = planText(t, zk, "/private\n  k = 1\n", zksync.ImportOptions{ACL: alice})
	if _, err := p.Apply(ctx, zk, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := zk.Get(ctx, "/private"); !errors.Is(err, zkconn.ErrNoAuth) {
		t.Errorf("read without credentials: %v", err)
	}
	withAuth := testzk.Dial(t, root, zkconn.WithAuth("alice:pw"))
	if data, _, err := withAuth.Get(ctx, "/private"); err != nil || string(data) != `{"k":1}` {
		t.Errorf("read with credentials: %s %v", data, err)
	}
	// Re-importing with the same ACL changes nothing.
	p = planText(t, withAuth, "/private\n  k = 1\n", zksync.ImportOptions{ACL: alice})
	if len(p.Changes) != 0 {
		t.Errorf("re-import plans %+v", p.Changes)
	}
}

func TestImportAtomicSplit(t *testing.T) {
	zk := testzk.Conn(t)
	var b strings.Builder
	big := strings.Repeat("x", 2000)
	for i := range 600 { // about 1.2 MB of node data
		fmt.Fprintf(&b, "/n%03d\n  v = '%s'\n", i, big)
	}
	p := planText(t, zk, b.String(), zksync.ImportOptions{})
	res, err := p.Apply(ctx, zk, zksync.ApplyOptions{Atomic: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 600 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "in 2 transactions") {
		t.Errorf("result %+v", res)
	}
}

func TestImportRejectsBadTreeBeforeWriting(t *testing.T) {
	zk := testzk.Conn(t)
	f := parseTree(t, "t.zk", "/a\n/b\n  string_value = 1\n")
	p, diags, err := zksync.PlanImport(ctx, zk, f, zksync.ImportOptions{})
	if err != nil || p != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "t.zk:3:3: error:") {
		t.Fatalf("plan of an unencodable tree: %v %v %v", p, diags, err)
	}
	// Names that ZooKeeper refuses are found before anything is written,
	// and "zookeeper" is reserved only for a top node imported at "/".
	f = parseTree(t, "t.zk", "/ok\n/x\U0001F600\n  /y\n/zookeeper\n")
	p, diags, err = zksync.PlanImport(ctx, zk, f, zksync.ImportOptions{})
	want := "t.zk:2:2: error: cannot store node \"x\U0001F600\": the name contains the character U+1F600, which ZooKeeper rejects\n" +
		"t.zk:4:2: error: cannot store node \"zookeeper\": the name is reserved by ZooKeeper at the top level"
	if err != nil || p != nil || diags.Error() != want {
		t.Errorf("plan of a tree with bad names: %v %v\n%v", p, err, diags)
	}
	mkNodes(t, zk, "/under")
	if _, diags, err = zksync.PlanImport(ctx, zk, parseTree(t, "t.zk", "/zookeeper\n"), zksync.ImportOptions{Path: "/under"}); err != nil || len(diags) != 0 {
		t.Errorf("a zookeeper node below the root: %v %v", diags, err)
	}
	_, _, err = zksync.PlanImport(ctx, zk, parseTree(t, "t.zk", "/x\n"), zksync.ImportOptions{Path: "/missing"})
	if err == nil || err.Error() != "import into /missing: no such node" {
		t.Errorf("import into a missing path: %v", err)
	}
}
