package registry

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
	"go.uber.org/goleak"
)

func TestChildrenView(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/svc {"p ->":"/a"}`, "/a", "/a/x", "/a/y", "/b", "/b/z")
	v, err := c.Children(ctx, "/svc/p")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.RealPath() != "/a" || !slices.Equal(v.Snapshot(), []string{"x", "y"}) || v.Len() != 2 || !v.Contains("y") || v.Contains("z") {
		t.Fatalf("view %s at %s: %v", v, v.RealPath(), v.Snapshot())
	}
	if got := slices.Collect(v.All()); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("All: %v", got)
	}
	events := childEvents(t, v)

	mkNodes(t, admin, "/a/w")
	e := recv(t, events, "child added")
	if e.Kind != Changed || !slices.Equal(e.Children, []string{"w", "x", "y"}) || !slices.Equal(e.Added, []string{"w"}) || len(e.Removed) != 0 {
		t.Errorf("after create: %+v", e)
	}
	if err := admin.Delete(ctx, "/a/x", -1); err != nil {
		t.Fatal(err)
	}
	e = recv(t, events, "child removed")
	if !slices.Equal(e.Removed, []string{"x"}) || !slices.Equal(e.Children, []string{"w", "y"}) {
		t.Errorf("after delete: %+v", e)
	}

	// A link on the way changes: the view follows it.
	set(t, admin, "/svc", `{"p ->":"/b"}`)
	e = recv(t, events, "link change")
	if e.Kind != Changed || !slices.Equal(e.Children, []string{"z"}) || !slices.Equal(e.Added, []string{"z"}) || !slices.Equal(e.Removed, []string{"w", "y"}) {
		t.Errorf("after link change: %+v", e)
	}
	if v.RealPath() != "/b" {
		t.Errorf("real path %s", v.RealPath())
	}
	// The old node no longer matters.
	mkNodes(t, admin, "/a/ignored")
	mkNodes(t, admin, "/b/seen")
	if e = recv(t, events, "new node's child"); !slices.Equal(e.Added, []string{"seen"}) {
		t.Errorf("after create under the new node: %+v", e)
	}

	// Deleted, and the path no longer resolves: cleared and told.
	for _, p := range []string{"/b/z", "/b/seen", "/b"} {
		if err := admin.Delete(ctx, p, -1); err != nil {
			t.Fatal(err)
		}
	}
	e = recvKind(t, events, Deleted)
	if len(e.Children) != 0 || !errors.As(e.Err, new(*eval.NoNodeError)) || v.Len() != 0 || v.String() != "DELETED: Children(/svc/p)" {
		t.Errorf("after deletion: %+v, %s", e, v)
	}
	// It comes back when the path resolves again, and is told deleted
	// only once meanwhile.
	mkNodes(t, admin, "/b", "/b/again")
	for e = recv(t, events, "re-creation"); !slices.Equal(e.Children, []string{"again"}); e = recv(t, events, "the new child") {
		if e.Kind != Changed || e.Err != nil {
			t.Fatalf("after re-creation: %+v", e)
		}
	}

	v.Close()
	mkNodes(t, admin, "/b/after-close")
	set(t, admin, "/svc", `{"p ->":"/a"}`)
	if v.Len() != 1 {
		t.Errorf("closed view changed: %v", v.Snapshot())
	}
	select {
	case e := <-events:
		t.Errorf("event after close: %+v", e)
	default:
	}
	if _, err := c.Children(ctx, "/missing"); !errors.As(err, new(*eval.NoNodeError)) {
		t.Errorf("view of a missing path: %v", err)
	}
}

func TestPropertiesView(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin,
		`/app {"threads =>":"/conf threads","color":"red","db ->":"/db","port =>":"/conf","bad =>":"/nowhere"}`,
		`/conf {"threads":4,"port":80}`, "/db")
	v, err := c.Properties(ctx, "/app")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	want := ast.Props{"threads": ast.Int(4), "color": ast.Str("red"), "db ->": ast.Str("/db"), "port": ast.Int(80)}
	if !v.Snapshot().Equal(want) {
		t.Errorf("snapshot %v", v.Snapshot())
	}
	if val, err := v.Get("threads"); err != nil || !val.Equal(ast.Int(4)) {
		t.Errorf("Get threads = %v, %v", val, err)
	}
	if _, err := v.Get("bad"); !errors.As(err, new(*eval.BadPropertyLinkError)) {
		t.Errorf("Get bad: %v", err)
	}
	if _, err := v.Get("nope"); !errors.As(err, new(*eval.NoPropertyError)) {
		t.Errorf("Get nope: %v", err)
	}
	if v.Len() != 5 || !v.Contains("threads") || !v.Contains("color") || v.Contains("nope") {
		t.Errorf("len %d", v.Len())
	}
	if keys := v.Keys(); !slices.Equal(keys, []string{"bad", "color", "db ->", "port", "threads"}) {
		t.Errorf("keys %v", keys)
	}
	events := propEvents(t, v)

	// A change to a linked node reaches the view.
	set(t, admin, "/conf", `{"threads":8,"port":80}`)
	e := recv(t, events, "linked node change")
	if e.Kind != Changed || !e.Props["threads"].Equal(ast.Int(8)) {
		t.Errorf("after linked change: %+v", e)
	}
	// Update merges and writes to the node, and the view shows it on return.
	if err := v.Update(ctx, ast.Props{"size": ast.Int(3)}); err != nil {
		t.Fatal(err)
	}
	if val, _ := v.Get("size"); !val.Equal(ast.Int(3)) {
		t.Errorf("after Update: size %v", val)
	}
	if e = recv(t, events, "update"); !e.Props["size"].Equal(ast.Int(3)) || !e.Props["color"].Equal(ast.Str("red")) {
		t.Errorf("update event %+v", e)
	}
	// A bad link is refused and nothing is written.
	version := v.Version()
	if err := v.Update(ctx, ast.Props{"x =>": ast.Str("/missing x")}); !errors.As(err, new(*eval.BadPropertyLinkError)) {
		t.Errorf("update with a bad link: %v", err)
	}
	if _, st, _ := admin.Get(ctx, "/app"); st.Version != version {
		t.Error("a refused update was written")
	}
	// Set replaces, version-checked against what the view saw.
	if err := v.Set(ctx, ast.Props{"only": ast.Str("this")}); err != nil {
		t.Fatal(err)
	}
	if !v.Raw().Equal(ast.Props{"only": ast.Str("this")}) {
		t.Errorf("after Set: %v", v.Raw())
	}
	recv(t, events, "set")
	v.n.dispatch.Lock() // hold the view back so that it cannot see the next change yet
	set(t, admin, "/app", `{"other":1}`)
	err = v.Set(ctx, ast.Props{"mine": ast.Int(1)})
	v.n.dispatch.Unlock()
	if !errors.Is(err, zk.ErrBadVersion) {
		t.Errorf("Set over an unseen change: %v", err)
	}

	// Through a link, and deleted.
	mkNodes(t, admin, `/alias {"to ->":"/app"}`)
	w, err := c.Properties(ctx, "/alias/to")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.RealPath() != "/app" {
		t.Errorf("real path %s", w.RealPath())
	}
	wEvents := propEvents(t, w)
	if err := w.Update(ctx, ast.Props{"via": ast.Str("alias")}); err != nil {
		t.Fatal(err)
	}
	if m, _ := nodeProps(t, admin, "/app"); m["via"] != "alias" {
		t.Errorf("write through a link went elsewhere: %v", m)
	}
	recv(t, wEvents, "write")
	if err := admin.Delete(ctx, "/app", -1); err != nil {
		t.Fatal(err)
	}
	e = recvKind(t, wEvents, Deleted)
	if len(e.Props) != 0 || len(w.Snapshot()) != 0 || w.String() != "DELETED: Properties(/alias/to)" {
		t.Errorf("after delete: %+v", e)
	}
	mkNodes(t, admin, `/app {"back":1}`)
	if e = recv(t, wEvents, "re-creation"); e.Kind != Changed || !e.Props.Equal(ast.Props{"back": ast.Int(1)}) {
		t.Errorf("after re-creation: %+v", e)
	}
	if err := admin.Delete(ctx, "/app", -1); err != nil {
		t.Fatal(err)
	}
	recvKind(t, wEvents, Deleted)
	if err := w.Update(ctx, ast.Props{"x": ast.Int(1)}); !errors.As(err, new(*eval.NoNodeError)) {
		t.Errorf("write to a deleted view: %v", err)
	}
}

func TestOneShotReads(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/a {"x =>":"/b y","l ->":"/b"}`, `/b {"y":2}`, "/b/k")
	props, bad, err := c.ReadProperties(ctx, "/a")
	if err != nil || len(bad) != 0 || !props.Equal(ast.Props{"x": ast.Int(2), "l ->": ast.Str("/b")}) {
		t.Errorf("ReadProperties = %v, %v, %v", props, bad, err)
	}
	names, err := c.ReadChildren(ctx, "/a/l")
	if err != nil || !slices.Equal(names, []string{"k"}) {
		t.Errorf("ReadChildren = %v, %v", names, err)
	}
	if c.hub.pending() != 0 {
		t.Errorf("one-shot reads left %d watches", c.hub.pending())
	}
}

func TestCallbacks(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, "/a")
	v, err := c.Children(ctx, "/a")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var calls []string
	record := func(name string) func(ChildrenEvent) {
		return func(e ChildrenEvent) {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, name+":"+e.Kind.String()+":"+strings.Join(e.Added, ","))
		}
	}
	cancelFirst := v.OnChange(record("first"))
	v.OnChange(record("second"))
	closed := make(chan struct{})
	v.OnChange(func(e ChildrenEvent) {
		if e.Kind == Changed && slices.Contains(e.Added, "y") {
			v.Close() // from a callback: must not deadlock
			close(closed)
		}
	})
	mkNodes(t, admin, "/a/x")
	waitFor(t, "both callbacks", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(calls) == 4
	})
	cancelFirst()
	mkNodes(t, admin, "/a/y")
	recv(t, closed, "close from a callback")
	mkNodes(t, admin, "/a/z")
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	want := []string{"first:current:", "second:current:", "first:changed:x", "second:changed:x", "second:changed:y"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}
}

func TestDialUnreachable(t *testing.T) {
	addr := testzk.RefusingAddr(t)
	start := time.Now()
	_, err := Dial(ctx, addr, WithConnectTimeout(500*time.Millisecond))
	if !errors.Is(err, zkconn.ErrUnreachable) || !strings.Contains(err.Error(), addr) {
		t.Errorf("Dial to nothing: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Dial took %v", time.Since(start))
	}
}

// TestWriteFromCallback checks that a view's callback may write through
// the view.
func TestWriteFromCallback(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/a {"n":0}`)
	v, err := c.Properties(ctx, "/a")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	errs := make(chan error, 10)
	v.OnChange(func(e PropertiesEvent) {
		if n, _ := e.Props["n"].Int(); n < 3 {
			errs <- v.Update(ctx, ast.Props{"n": ast.Int(n + 1)})
		}
	})
	for range 3 {
		if err := recv(t, errs, "a write from the callback"); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "n = 3", func() bool { n, _ := v.Snapshot()["n"].Int(); return n == 3 })
}

// TestViewFollowsLinkAfterDelete checks that a view whose node is deleted
// follows the path again: here a link that the deleted real node shadowed.
func TestViewFollowsLinkAfterDelete(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/x {"p ->":"/b"}`, "/x/p", "/x/p/k1", "/b", "/b/k2")
	v, err := c.Children(ctx, "/x/p")
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	events := childEvents(t, v)
	for _, p := range []string{"/x/p/k1", "/x/p"} {
		if err := admin.Delete(ctx, p, -1); err != nil {
			t.Fatal(err)
		}
	}
	for {
		e := recv(t, events, "the view to follow the link")
		if e.Kind == Deleted {
			t.Fatalf("deleted although the link resolves: %+v", e)
		}
		if slices.Equal(e.Children, []string{"k2"}) {
			break
		}
	}
	if v.RealPath() != "/b" {
		t.Errorf("real path %s", v.RealPath())
	}
}

// TestDeletedOnce checks that a view is told deleted once, not again at
// each later change on the way that leaves the path unresolved.
func TestDeletedOnce(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/l {"p ->":"/t"}`, `/t`, `/t/s {"a":1}`)
	kids, err := c.Children(ctx, "/l/p/s")
	if err != nil {
		t.Fatal(err)
	}
	defer kids.Close()
	props, err := c.Properties(ctx, "/l/p/s")
	if err != nil {
		t.Fatal(err)
	}
	defer props.Close()
	kEvents, pEvents := childEvents(t, kids), propEvents(t, props)
	for _, p := range []string{"/t/s", "/t"} {
		if err := admin.Delete(ctx, p, -1); err != nil {
			t.Fatal(err)
		}
	}
	recvKind(t, kEvents, Deleted)
	recvKind(t, pEvents, Deleted)
	set(t, admin, "/l", `{"p ->":"/t", "x":1}`)
	mkNodes(t, admin, "/t", `/t/s {"a":2}`)
	if e := recv(t, kEvents, "re-creation"); e.Kind != Changed || e.Err != nil {
		t.Errorf("children view after deletion: %+v", e)
	}
	if e := recv(t, pEvents, "re-creation"); e.Kind != Changed || !e.Props.Equal(ast.Props{"a": ast.Int(2)}) {
		t.Errorf("properties view after deletion: %+v", e)
	}
}

// TestDialWait checks that WithWait keeps trying until the server is up,
// and gives up when ctx ends.
func TestDialWait(t *testing.T) {
	srv := testzk.StartServer(t)
	srv.Stop()
	short, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	_, err := Dial(short, srv.Addr(), WithWait(), WithConnectTimeout(300*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), srv.Addr()) {
		t.Errorf("Dial waiting for nothing: %v", err)
	}
	started := make(chan struct{})
	go func() {
		time.Sleep(time.Second)
		srv.Start()
		close(started)
	}()
	c, err := Dial(ctx, srv.Addr(), WithWait(), WithConnectTimeout(300*time.Millisecond))
	<-started
	if err != nil {
		t.Fatalf("Dial waiting for the server: %v", err)
	}
	defer c.Close()
	if _, err := c.Exists(ctx, "/"); err != nil {
		t.Error(err)
	}
}

// TestViewConcurrentUse reads views from several goroutines while their
// nodes change (run with -race): every snapshot is sorted and the views end
// up with every change.
func TestViewConcurrentUse(t *testing.T) {
	c, admin := dial(t)
	mkNodes(t, admin, `/p {"n":0}`)
	kids, err := c.Children(ctx, "/p")
	if err != nil {
		t.Fatal(err)
	}
	defer kids.Close()
	props, err := c.Properties(ctx, "/p")
	if err != nil {
		t.Fatal(err)
	}
	defer props.Close()
	const n = 40
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := kids.Snapshot()
				if !slices.IsSorted(s) || len(s) > n {
					t.Errorf("snapshot %v", s)
					return
				}
				for name := range kids.All() {
					kids.Contains(name)
				}
				kids.Len()
				props.Snapshot()
				props.Get("n")
			}
		})
	}
	var writers sync.WaitGroup
	for i := range n {
		writers.Go(func() {
			if _, err := admin.Create(ctx, fmt.Sprintf("/p/c%02d", i), nil, zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
				t.Error(err)
			}
			if err := props.Update(ctx, ast.Props{fmt.Sprintf("k%02d", i): ast.Int(int64(i))}); err != nil {
				t.Error(err)
			}
		})
	}
	writers.Wait()
	waitFor(t, "every child", func() bool { return kids.Len() == n })
	waitFor(t, "every update", func() bool { return props.Len() == n+1 })
	close(stop)
	readers.Wait()
}

// TestCloseDuringOutage checks that closing a view, and then the client,
// does not wait for the connection to come back when a read is under way.
func TestCloseDuringOutage(t *testing.T) {
	srv := testzk.StartServer(t)
	root := testzk.NewRoot(t, srv.Addr())
	admin := testzk.Dial(t, root)
	mkNodes(t, admin, "/a")
	ignore := goleak.IgnoreCurrent()
	c, err := Dial(ctx, root, WithSessionTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Children(ctx, "/a")
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Properties(ctx, "/a")
	if err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	waitFor(t, "the disconnection", func() bool { return c.zk.State() != zk.StateHasSession })
	// As when watches fired just before the connection went: the views
	// read the server again, and the reads wait for the connection.
	c.hub.mu.Lock()
	clear(c.hub.armed)
	c.hub.mu.Unlock()
	v.core.wake()
	w.core.wake()
	time.Sleep(100 * time.Millisecond)
	closed := make(chan struct{})
	go func() {
		v.Close()
		c.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the connection")
	}
	goleak.VerifyNone(t, ignore)
	srv.Start() // for the removal of the test root
}
