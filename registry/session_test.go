package registry

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

// survivor is a client with a registration and two views, checked to carry
// on through a session loss.
type survivor struct {
	t        *testing.T
	p        string // the prefix of the paths used
	c        *Client
	admin    *zkconn.Client
	children *Children
	props    *Properties
	kids     <-chan ChildrenEvent
	changes  <-chan PropertiesEvent
}

func newSurvivor(t *testing.T, c *Client, admin *zkconn.Client, prefix string) *survivor {
	p := prefix
	mkNodes(t, admin, p+"/svc", p+`/conf {"n":0}`)
	if _, err := c.Register(ctx, p+"/svc", "h:1", ast.Props{"k": ast.Str("v")}); err != nil {
		t.Fatal(err)
	}
	s := &survivor{t: t, p: p, c: c, admin: admin}
	var err error
	if s.children, err = c.Children(ctx, p+"/svc"); err != nil {
		t.Fatal(err)
	}
	if s.props, err = c.Properties(ctx, p+"/conf"); err != nil {
		t.Fatal(err)
	}
	s.kids = childEvents(t, s.children)
	s.changes = propEvents(t, s.props)
	return s
}

// check waits until the registration is back in the client's current
// session, then checks that both views still follow changes.
func (s *survivor) check(n int) {
	t := s.t
	t.Helper()
	waitFor(t, "the registration in the new session", func() bool {
		st, err := s.admin.Exists(ctx, s.p+"/svc/h:1")
		return err == nil && st != nil && st.EphemeralOwner == s.c.SessionID()
	})
	mkNodes(t, s.admin, s.p+"/svc/new"+string(rune('0'+n)))
	waitFor(t, "the children view to follow", func() bool { return s.children.Contains("new" + string(rune('0'+n))) })
	if !s.children.Contains("h:1") {
		t.Errorf("children view lost the registration: %v", s.children.Snapshot())
	}
	set(t, s.admin, s.p+"/conf", `{"n":`+string(rune('0'+n))+`}`)
	waitFor(t, "the properties view to follow", func() bool {
		v, _ := s.props.Get("n")
		i, _ := v.Int()
		return i == int64(n)
	})
}

func TestSessionExpiry(t *testing.T) {
	server, _, _ := strings.Cut(testzk.Addr(t), "/")
	t.Run("Dial", func(t *testing.T) {
		restored := make(chan string, 10)
		c, admin := dial(t, WithRestoreHandler(func(p string) { restored <- p }))
		testExpiry(t, newSurvivor(t, c, admin, ""), server)
		for range 2 {
			if p := recv(t, restored, "restore reports"); p != "/svc/h:1" {
				t.Errorf("restored %s", p)
			}
		}
		select {
		case p := <-restored:
			t.Errorf("restored %s a third time", p)
		default:
		}
	})
	t.Run("New", func(t *testing.T) {
		// A connection the caller owns, whose events the client cannot see.
		_, prefix, _ := strings.Cut(testzk.Root(t), "/")
		conn, _, err := zk.Connect([]string{server}, 4*time.Second, zk.WithLogger(quiet{}))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		waitFor(t, "a session", func() bool { return conn.State() == zk.StateHasSession })
		c := New(conn)
		defer c.Close()
		testExpiry(t, newSurvivor(t, c, testzk.Dial(t, server), "/"+prefix), server)
	})
}

func testExpiry(t *testing.T, s *survivor, server string) {
	old := s.c.SessionID()
	expire(t, s.c, server)
	e := recvKind(t, s.kids, Resynced)
	if s.c.SessionID() == old {
		t.Fatal("the session was not replaced")
	}
	if !slices.Contains(e.Children, "h:1") {
		// The view resynced before the registration came back; then it
		// reports it as added afterwards.
		for !slices.Contains(recv(t, s.kids, "registration back").Added, "h:1") {
		}
	}
	recvKind(t, s.changes, Resynced)
	s.check(1)
	// Once more, to see that the second session is watched too.
	expire(t, s.c, server)
	recvKind(t, s.changes, Resynced)
	s.check(2)
}

func TestServerRestart(t *testing.T) {
	srv := testzk.StartServer(t)
	root := testzk.NewRoot(t, srv.Addr())
	c := dialAt(t, root, WithErrorHandler(func(err error) { t.Logf("background: %v", err) }))
	s := newSurvivor(t, c, testzk.Dial(t, root), "")
	session := c.SessionID()
	srv.Stop()
	time.Sleep(time.Second)
	srv.Start()
	s.check(1)
	if c.SessionID() != session {
		t.Logf("the session was replaced during the restart")
	}
}

func TestEnsembleFailover(t *testing.T) {
	e := testzk.StartEnsemble(t, 3)
	root := testzk.NewRoot(t, e.Addr())
	c := dialAt(t, root)
	s := newSurvivor(t, c, testzk.Dial(t, root), "")
	session := c.SessionID()
	connected := connOf(c.zk).Server()
	stopped := false
	for _, srv := range e.Servers {
		if srv.Addr() == connected {
			srv.Stop()
			stopped = true
		}
	}
	if !stopped {
		t.Fatalf("connected to %s, not a member of %s", connected, e.Addr())
	}
	// The admin session may have been on the stopped member too: check
	// through a new one on the other two.
	s.admin = testzk.Dial(t, root)
	s.check(1)
	if now := connOf(c.zk).Server(); now == connected {
		t.Errorf("still connected to the stopped server %s", now)
	}
	if c.SessionID() != session {
		t.Errorf("the session was replaced: 0x%x, was 0x%x", c.SessionID(), session)
	}
}

// TestReplaceOwnExpiredNode checks that a registration node left by an
// earlier session of the same client is replaced, not refused.
func TestReplaceOwnExpiredNode(t *testing.T) {
	root := testzk.Root(t)
	c := dialAt(t, root)
	stale := testzk.Dial(t, root)
	mkNodes(t, stale, "/svc")
	if _, err := stale.Create(ctx, "/svc/h:1", nil, zkconn.FlagEphemeral, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	// Make stale's session one that c had before.
	c.mu.Lock()
	c.past[stale.SessionID()] = true
	c.mu.Unlock()
	if _, err := c.Register(ctx, "/svc", "h:1", nil); err != nil {
		t.Fatal(err)
	}
	st, err := stale.Exists(ctx, "/svc/h:1")
	if err != nil || st == nil || st.EphemeralOwner != c.SessionID() {
		t.Errorf("node after registering over a stale one: %+v, %v", st, err)
	}
}
