package registry

import (
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zktest"
)

// TestEmbeddedServerRestart restarts an embedded server that keeps no data:
// the new server knows neither the session nor the tree. Once the parent
// path is back, the registration must be back within a few seconds, and
// the views resynced.
func TestEmbeddedServerRestart(t *testing.T) {
	srv := zktest.Start(t)
	addr := srv.Addr()
	restored := make(chan time.Time, 10)
	c := dialAt(t, addr, WithRestoreHandler(func(string) { restored <- time.Now() }),
		WithErrorHandler(func(err error) { t.Logf("background: %v", err) }))
	admin := testzk.Dial(t, addr)
	s := newSurvivor(t, c, admin, "")
	session := c.SessionID()
	srv.Close()
	time.Sleep(3 * time.Second)
	srv2, err := zktest.New(zktest.Config{Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv2.Close() })
	// The parent appears only a while after the server is back, as when
	// the tree is imported again.
	time.Sleep(500 * time.Millisecond)
	s.admin = testzk.Dial(t, addr)
	mkNodes(t, s.admin, "/svc", `/conf {"n":0}`)
	back := time.Now()
	select {
	case at := <-restored:
		if d := at.Sub(back); d > 5*time.Second {
			t.Errorf("registration restored %v after the parent was back", d.Round(time.Millisecond))
		} else {
			t.Logf("registration restored %v after the parent was back", d.Round(time.Millisecond))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("registration not restored 20 s after the parent was back")
	}
	if c.SessionID() == session {
		t.Error("the session was not replaced")
	}
	recvKind(t, s.kids, Resynced)
	s.check(1)
}
