package testzk_test

import (
	"context"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

func TestServerRestartKeepsData(t *testing.T) {
	testzk.Addr(t) // real servers only where the suite runs them
	s := testzk.StartServer(t)
	c := testzk.Dial(t, s.Addr())
	ctx := context.Background()
	if _, err := c.Create(ctx, "/kept", []byte("{}"), 0, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	s.Restart()
	// The same client reconnects to the restarted server.
	deadline := time.Now().Add(40 * time.Second)
	for {
		st, err := c.Exists(ctx, "/kept")
		if err == nil && st != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/kept after restart: %v, %v", st, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if mode, err := testzk.Mode(s.Addr()); err != nil || mode != "standalone" {
		t.Errorf("mode = %q, %v", mode, err)
	}
}

func TestEnsemble(t *testing.T) {
	testzk.Addr(t)
	e := testzk.StartEnsemble(t, 3)
	leaders := 0
	for _, s := range e.Servers {
		mode, err := testzk.Mode(s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		if mode == "leader" {
			leaders++
		}
	}
	if leaders != 1 {
		t.Fatalf("%d leaders", leaders)
	}
	c := testzk.Dial(t, e.Addr())
	if _, err := c.Create(context.Background(), "/e", nil, 0, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	// Every server sees the write once it is synced.
	for _, s := range e.Servers {
		o := testzk.Dial(t, s.Addr())
		deadline := time.Now().Add(30 * time.Second)
		for {
			if st, _ := o.Exists(context.Background(), "/e"); st != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("server %s does not see /e", s.Addr())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func TestRootIsFreshAndChrooted(t *testing.T) {
	a, b := testzk.Root(t), testzk.Root(t)
	if a == b {
		t.Fatal("two roots share a name")
	}
	c := testzk.Dial(t, a)
	names, _, err := c.Children(context.Background(), "/")
	if err != nil || len(names) != 0 {
		t.Errorf("fresh root has children %v, %v", names, err)
	}
}
