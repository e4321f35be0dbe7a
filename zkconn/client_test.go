package zkconn_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

var ctx = context.Background()

func TestClientOperations(t *testing.T) {
	c := testzk.Conn(t)
	if _, err := c.Create(ctx, "/a", []byte(`{"x":1}`), zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, "/a/b", nil, zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	data, st, err := c.Get(ctx, "/a")
	if err != nil || string(data) != `{"x":1}` || st.NumChildren != 1 {
		t.Fatalf("get /a = %q %+v %v", data, st, err)
	}
	names, _, err := c.Children(ctx, "/")
	if err != nil || !slices.Equal(names, []string{"a"}) {
		t.Fatalf("children of chroot root = %v, %v", names, err)
	}
	if _, err := c.Set(ctx, "/a", []byte("{}"), st.Version+1); !errors.Is(err, zkconn.ErrBadVersion) {
		t.Errorf("set with a stale version: %v", err)
	}
	if st, err := c.Exists(ctx, "/nope"); st != nil || err != nil {
		t.Errorf("exists /nope = %v, %v", st, err)
	}
	_, _, err = c.Get(ctx, "/nope")
	if !errors.Is(err, zkconn.ErrNoNode) || err.Error() != "get /nope: no such node" {
		t.Errorf("get /nope: %v", err)
	}
	_, err = c.Create(ctx, "/x/y", nil, 0, zkconn.OpenACL)
	if err == nil || !strings.Contains(err.Error(), "create /x/y: parent node does not exist") {
		t.Errorf("create under a missing parent: %v", err)
	}
	if err := c.Delete(ctx, "/a", -1); !errors.Is(err, zkconn.ErrNotEmpty) {
		t.Errorf("delete non-empty: %v", err)
	}
}

func TestChrootIsolation(t *testing.T) {
	root := testzk.Root(t)
	c := testzk.Dial(t, root)
	created, err := c.Create(ctx, "/seq-", nil, zkconn.FlagSequence, zkconn.OpenACL)
	if err != nil || !strings.HasPrefix(created, "/seq-") {
		t.Fatalf("sequence create = %q, %v", created, err)
	}
	i := strings.IndexByte(root, '/')
	raw := testzk.Dial(t, root[:i])
	if st, _ := raw.Exists(ctx, root[i:]+created); st == nil {
		t.Errorf("%s not found under the chroot %s", created, root[i:])
	}
	// A missing chroot is named as such, not as a missing "/".
	_, err = zkconn.Dial(ctx, root+"/missing")
	if want := "connect to ZooKeeper at " + root + "/missing: chroot " + root[i:] + "/missing: no such node"; err == nil || err.Error() != want || !errors.Is(err, zkconn.ErrNoNode) {
		t.Errorf("dial with a missing chroot: %v\nwant %s", err, want)
	}
}

func TestMulti(t *testing.T) {
	c := testzk.Conn(t)
	res, err := c.Multi(ctx,
		&zkconn.CreateOp{Path: "/m", Data: []byte("{}"), ACL: zkconn.OpenACL},
		&zkconn.CreateOp{Path: "/m/1", ACL: zkconn.OpenACL},
		&zkconn.SetOp{Path: "/m", Data: []byte(`{"a":1}`), Version: 0},
	)
	if err != nil || res[1].Path != "/m/1" || res[2].Stat.Version != 1 {
		t.Fatalf("multi = %+v, %v", res, err)
	}
	// A failing transaction changes nothing and names the failing op.
	res, err = c.Multi(ctx,
		&zkconn.CreateOp{Path: "/m/2", ACL: zkconn.OpenACL},
		&zkconn.CheckOp{Path: "/m", Version: 0},
		&zkconn.CreateOp{Path: "/m/3", ACL: zkconn.OpenACL},
	)
	if !errors.Is(err, zkconn.ErrBadVersion) || !strings.HasPrefix(err.Error(), "check /m:") {
		t.Fatalf("failed multi error: %v", err)
	}
	if res[0].Err != nil || res[1].Err == nil || res[2].Err != nil {
		t.Errorf("per-op results: %+v", res)
	}
	if st, _ := c.Exists(ctx, "/m/2"); st != nil {
		t.Error("a failed transaction created /m/2")
	}
}

func TestDigestACL(t *testing.T) {
	root := testzk.Root(t)
	owner := testzk.Dial(t, root, zkconn.WithAuth("alice:secret"))
	acl := zkconn.DigestACL(zkconn.PermAll, "alice", "secret")
	if _, err := owner.Create(ctx, "/private", []byte(`{"k":1}`), 0, acl); err != nil {
		t.Fatal(err)
	}
	if _, _, err := owner.Get(ctx, "/private"); err != nil {
		t.Errorf("owner cannot read: %v", err)
	}
	for name, opts := range map[string][]zkconn.Option{
		"anonymous":      nil,
		"wrong password": {zkconn.WithAuth("alice:wrong")},
	} {
		other := testzk.Dial(t, root, opts...)
		_, _, err := other.Get(ctx, "/private")
		if !errors.Is(err, zkconn.ErrNoAuth) || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s read: %v", name, err)
		}
	}
	got, _, err := owner.GetACL(ctx, "/private")
	if err != nil || !zkconn.ACLEqual(got, acl) {
		t.Errorf("GetACL = %v, %v", got, err)
	}
	if _, err := zkconn.Dial(ctx, root, zkconn.WithAuth("nocolon")); err == nil {
		t.Error("credentials without a colon accepted")
	}
}

func TestUnreachable(t *testing.T) {
	addr := testzk.RefusingAddr(t)
	start := time.Now()
	_, err := zkconn.Dial(ctx, addr, zkconn.WithConnectTimeout(1500*time.Millisecond))
	if !errors.Is(err, zkconn.ErrUnreachable) || !strings.Contains(err.Error(), addr) {
		t.Errorf("dial unreachable: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("dial took %s despite a 1.5 s timeout", d)
	}
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := zkconn.Dial(cctx, addr); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("dial with a context deadline: %v", err)
	}
}

// TestRefusedFailsFast checks that a connection string whose every server
// refuses connections fails after one round of attempts, not after the
// connect timeout, and that one refusing server among live ones does not.
func TestRefusedFailsFast(t *testing.T) {
	refusing := testzk.RefusingAddr(t)
	start := time.Now()
	_, err := zkconn.Dial(ctx, refusing+","+refusing, zkconn.WithConnectTimeout(30*time.Second))
	if !errors.Is(err, zkconn.ErrUnreachable) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("dial of refusing servers: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("dial of refusing servers took %s", d)
	}
	for i := 0; i < 5; i++ { // the client shuffles the servers
		c, err := zkconn.Dial(ctx, refusing+","+testzk.Addr(t), zkconn.WithConnectTimeout(30*time.Second))
		if err != nil {
			t.Fatalf("dial with one live server: %v", err)
		}
		c.Close()
	}
}

func TestWatchPathsInsideChroot(t *testing.T) {
	c := testzk.Conn(t)
	if _, err := c.Create(ctx, "/w", nil, 0, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	_, _, ch, err := c.GetW(ctx, "/w")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Set(ctx, "/w", []byte("{}"), -1); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-ch:
		if ev.Path != "/w" {
			t.Errorf("watch event path %q, want /w", ev.Path)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no watch event")
	}
}

// TestEmbeddedServer runs this package's tests against the embedded server
// too.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	testzk.RunEmbedded(t, "")
}
