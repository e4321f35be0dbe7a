package zktest

import (
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
)

func connect(t *testing.T, addr string) (*zk.Conn, <-chan zk.Event) {
	t.Helper()
	c, ev, err := zk.Connect([]string{addr}, 4*time.Second, zk.WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	waitState(t, ev, zk.StateHasSession)
	return c, ev
}

func waitState(t *testing.T, ev <-chan zk.Event, want zk.State) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e := <-ev:
			if e.State == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %v event", want)
		}
	}
}

func TestGoZookeeperBasics(t *testing.T) {
	s := Start(t)
	c, _ := connect(t, s.Addr())
	p, err := c.Create("/a", []byte("x"), 0, zk.WorldACL(zk.PermAll))
	if err != nil || p != "/a" {
		t.Fatalf("create: %q %v", p, err)
	}
	data, st, err := c.Get("/a")
	if err != nil || string(data) != "x" || st.DataLength != 1 || st.Version != 0 {
		t.Fatalf("get: %q %+v %v", data, st, err)
	}
	if _, err := c.Set("/a", []byte("yy"), 5); !errors.Is(err, zk.ErrBadVersion) {
		t.Fatalf("set with wrong version: %v", err)
	}
	st, err = c.Set("/a", []byte("yy"), 0)
	if err != nil || st.Version != 1 || st.DataLength != 2 {
		t.Fatalf("set: %+v %v", st, err)
	}
	_, _, wch, err := c.GetW("/a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Set("/a", nil, -1); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-wch:
		if e.Type != zk.EventNodeDataChanged || e.Path != "/a" {
			t.Fatalf("watch event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no watch event")
	}
	seq, err := c.Create("/a/s-", nil, zk.FlagSequence, zk.WorldACL(zk.PermAll))
	if err != nil || seq != "/a/s-0000000000" {
		t.Fatalf("sequential: %q %v", seq, err)
	}
	kids, _, err := c.Children("/a")
	if err != nil || len(kids) != 1 {
		t.Fatalf("children: %v %v", kids, err)
	}
	if err := c.Delete("/a", -1); !errors.Is(err, zk.ErrNotEmpty) {
		t.Fatalf("delete non-empty: %v", err)
	}
	if _, err := c.Multi(&zk.DeleteRequest{Path: seq, Version: -1}, &zk.DeleteRequest{Path: "/a", Version: -1}); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := c.Exists("/a"); ok {
		t.Fatal("multi did not delete /a")
	}
}

func TestGoZookeeperExpiry(t *testing.T) {
	s := Start(t)
	owner, ev := connect(t, s.Addr())
	watcher, _ := connect(t, s.Addr())
	if _, err := owner.Create("/e", nil, zk.FlagEphemeral, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	_, _, wch, err := watcher.ExistsW("/e")
	if err != nil {
		t.Fatal(err)
	}
	if !s.ExpireSession(owner.SessionID()) {
		t.Fatal("no such session")
	}
	select {
	case e := <-wch:
		if e.Type != zk.EventNodeDeleted {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ephemeral node not deleted")
	}
	waitState(t, ev, zk.StateExpired)
}

func TestGoZookeeperReconnectKeepsSession(t *testing.T) {
	s := Start(t)
	c, ev := connect(t, s.Addr())
	if _, err := c.Create("/e", nil, zk.FlagEphemeral, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	_, _, wch, err := c.GetW("/e")
	if err != nil {
		t.Fatal(err)
	}
	id := c.SessionID()
	s.DropConnection(id)
	waitState(t, ev, zk.StateDisconnected)
	waitState(t, ev, zk.StateHasSession)
	if c.SessionID() != id {
		t.Fatal("new session after reconnect")
	}
	other, _ := connect(t, s.Addr())
	if _, err := other.Set("/e", []byte("x"), -1); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-wch:
		if e.Type != zk.EventNodeDataChanged {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("watch lost on reconnect")
	}
}

// TestConcurrentClients runs clients side by side, each creating,
// watching, changing and deleting nodes, then checks the tree.
func TestConcurrentClients(t *testing.T) {
	s := Start(t)
	setup, _ := connect(t, s.Addr())
	if _, err := setup.Create("/c", nil, 0, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		c, _ := connect(t, s.Addr())
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				p, err := c.Create("/c/n-", []byte{byte(j)}, zk.FlagEphemeralSequential, zk.WorldACL(zk.PermAll))
				if err != nil {
					errs <- err
					return
				}
				if _, _, _, err := c.ChildrenW("/c"); err != nil {
					errs <- err
					return
				}
				if _, err := c.Set(p, []byte("x"), 0); err != nil {
					errs <- err
					return
				}
				if j%2 == 0 {
					if err := c.Delete(p, 1); err != nil {
						errs <- err
						return
					}
				}
			}
			if i%2 == 0 {
				s.ExpireSession(c.SessionID())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	checkTree(t, s)
	if got := len(s.tree.nodes["/c"].children); got != 4*50 {
		t.Fatalf("%d children left, want the 200 of the 4 live sessions", got)
	}
}
