package zktest

import (
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/zktest/internal/wire"
)

func TestPauseAndResume(t *testing.T) {
	s := Start(t)
	c, _ := connect(t, s.Addr())
	if _, err := c.Create("/p", []byte("x"), 0, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	s.Pause()
	done := make(chan error, 1)
	go func() { _, _, err := c.Get("/p"); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("request answered while paused (%v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	s.Resume()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("request not answered after Resume")
	}
}

func TestCheckContainers(t *testing.T) {
	s := Start(t)
	c, _ := connect(t, s.Addr())
	for _, p := range []string{"/used", "/unused"} {
		if _, err := c.CreateContainer(p, nil, zk.FlagContainer, zk.WorldACL(zk.PermAll)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Create("/used/k", nil, 0, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	s.CheckContainers()
	if ok, _, _ := c.Exists("/used"); !ok {
		t.Fatal("container with a child deleted")
	}
	if err := c.Delete("/used/k", -1); err != nil {
		t.Fatal(err)
	}
	_, _, wch, err := c.ExistsW("/used")
	if err != nil {
		t.Fatal(err)
	}
	s.CheckContainers()
	if e := <-wch; e.Type != zk.EventNodeDeleted {
		t.Fatalf("event %+v", e)
	}
	if ok, _, _ := c.Exists("/unused"); !ok {
		t.Fatal("container that never had children deleted")
	}
}

func TestIdleSessionExpires(t *testing.T) {
	s := StartConfig(t, Config{TickTime: 25 * time.Millisecond})
	tr := &transcript{t: t, zxids: map[int64]string{}, names: map[int64]string{}}
	a := tr.dial(s.Addr(), "a", 1, 0, nil)
	if a.timeout != 50 {
		t.Fatalf("negotiated %d ms, want the minimum of 2 ticks", a.timeout)
	}
	a.create("/e", "", open, wire.FlagEphemeral)
	if !a.closed() {
		t.Fatal("connection of a silent session stayed open")
	}
	if len(s.Sessions()) != 0 {
		t.Fatalf("sessions left: %v", s.Sessions())
	}
	b := tr.dial(s.Addr(), "b", 1000, 0, nil)
	b.exists("/e", false)
	if got := tr.lines[len(tr.lines)-1]; !strings.HasSuffix(got, "NoNode") {
		t.Fatalf("ephemeral node kept: %s", got)
	}
}

func TestFourLetterWords(t *testing.T) {
	s := Start(t)
	for word, want := range map[string]string{"ruok": "imok", "srvr": "Mode: standalone", "isro": "rw"} {
		nc, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		nc.Write([]byte(word))
		out, _ := io.ReadAll(nc)
		nc.Close()
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: %q", word, out)
		}
	}
}

func TestMalformedRequestClosesOnlyItsConnection(t *testing.T) {
	s := Start(t)
	tr := &transcript{t: t, zxids: map[int64]string{}, names: map[int64]string{}}
	a := tr.dial(s.Addr(), "a", 10000, 0, nil)
	b := tr.dial(s.Addr(), "b", 10000, 0, nil)
	a.nc.Write(wire.Frame(nil).Int(1).Int(wire.OpCreate).Int(1 << 30).Finish()) // a string longer than the frame
	if !a.closed() {
		t.Fatal("connection kept after a malformed request")
	}
	b.create("/ok", "", open, 0)
	if !strings.Contains(tr.lines[len(tr.lines)-1], "/ok czxid") {
		t.Fatalf("server broken: %s", tr.lines[len(tr.lines)-1])
	}
	if err, _ := b.call(999, nil); err != wire.Unimplemented || !b.closed() {
		t.Fatalf("unknown operation: %v, then the connection stays open", err)
	}
}

func TestClosedServerRefusesConnections(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	addr := s.Addr()
	s.Close()
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("closed server still accepts connections")
	}
	if s.ExpireSession(1) || s.DropConnection(1) {
		t.Fatal("controls act on a closed server")
	}
}

func TestAuthWithUnknownScheme(t *testing.T) {
	s := Start(t)
	c, _ := connect(t, s.Addr())
	if err := c.AddAuth("nosuch", []byte("x")); !errors.Is(err, zk.ErrAuthFailed) {
		t.Fatalf("AddAuth: %v, want %v", err, zk.ErrAuthFailed)
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tr := &transcript{t: t, zxids: map[int64]string{}, names: map[int64]string{}}
	a := tr.dial(s.Addr(), "a", 10000, 0, nil)
	a.create("/e", "", open, wire.FlagEphemeral)
	tr.dial(s.Addr(), "b", 10000, 0, nil)
	s.Pause()
	nc, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.Write(wire.Frame(nil).Int(0).Long(0).Int(10000).Long(0).Bytes(make([]byte, 16)).Finish())
	time.Sleep(20 * time.Millisecond) // the handshake waits for the pause to end
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before+1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+1 {
		t.Fatalf("%d goroutines after Close, %d before", n, before)
	}
}

func TestClientFromTheFutureIsRefused(t *testing.T) {
	s := Start(t)
	nc, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	// lastZxidSeen beyond the server's: ZooKeeper closes the connection so
	// that the client tries a server that is up to date.
	nc.Write(wire.Frame(nil).Int(0).Long(1 << 40).Int(10000).Long(0).Bytes(make([]byte, 16)).Finish())
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := nc.Read(make([]byte, 64)); err == nil {
		t.Fatalf("answered with %d bytes", n)
	}
	if len(s.Sessions()) != 0 {
		t.Fatal("a session was created")
	}
}
