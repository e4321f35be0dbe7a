package registry

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

var ctx = context.Background()

// dial returns a client on a fresh test root and an admin session on the
// same root, both closed when the test ends.
func dial(t testing.TB, opts ...Option) (*Client, *zkconn.Client) {
	t.Helper()
	root := testzk.Root(t)
	return dialAt(t, root, opts...), testzk.Dial(t, root)
}

func dialAt(t testing.TB, addr string, opts ...Option) *Client {
	t.Helper()
	c, err := Dial(ctx, addr, append([]Option{WithSessionTimeout(4 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// mkNodes creates nodes from lines "PATH [DATA]", parents first.
func mkNodes(t testing.TB, c *zkconn.Client, lines ...string) {
	t.Helper()
	for _, l := range lines {
		p, data, _ := strings.Cut(l, " ")
		if _, err := c.Create(ctx, p, []byte(data), zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
			t.Fatalf("create %s: %v", p, err)
		}
	}
}

func set(t testing.TB, c *zkconn.Client, path, data string) {
	t.Helper()
	if _, err := c.Set(ctx, path, []byte(data), -1); err != nil {
		t.Fatalf("set %s: %v", path, err)
	}
}

// waitFor polls cond for up to 15 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// recv returns the next value from ch, failing after 15 s.
func recv[E any](t testing.TB, ch <-chan E, what string) E {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	panic("unreachable")
}

// recvKind skips events until one of kind k arrives.
func recvKind[E interface{ kind() EventKind }](t testing.TB, ch <-chan E, k EventKind) E {
	t.Helper()
	for {
		if e := recv(t, ch, k.String()+" event"); e.kind() == k {
			return e
		}
	}
}

func (e ChildrenEvent) kind() EventKind   { return e.Kind }
func (e PropertiesEvent) kind() EventKind { return e.Kind }

// events subscribes to v and returns its events (the first, Current, one
// already received).
func childEvents(t testing.TB, v *Children) <-chan ChildrenEvent {
	ch := make(chan ChildrenEvent, 100)
	v.OnChange(func(e ChildrenEvent) { ch <- e })
	if e := recv(t, ch, "current event"); e.Kind != Current {
		t.Fatalf("first event %v, want current", e.Kind)
	}
	return ch
}

func propEvents(t testing.TB, v *Properties) <-chan PropertiesEvent {
	ch := make(chan PropertiesEvent, 100)
	v.OnChange(func(e PropertiesEvent) { ch <- e })
	if e := recv(t, ch, "current event"); e.Kind != Current {
		t.Fatalf("first event %v, want current", e.Kind)
	}
	return ch
}

// connOf returns the connection under b.
func connOf(b backend) *zk.Conn {
	if b, ok := b.(rawConn); ok {
		return b.conn
	}
	if r, ok := b.(*redialing); ok {
		b = r.current()
	}
	return (*zk.Conn)(reflect.ValueOf(b).Elem().FieldByName("conn").UnsafePointer())
}

// sessionOf returns the id and password of the session under b, once it
// has one. (Seeing the state the connection sets after the password also
// orders the password's write before this read.)
func sessionOf(t testing.TB, b backend) (int64, []byte) {
	conn := connOf(b)
	waitFor(t, "a session", func() bool { return conn.State() == zk.StateHasSession })
	passwd := reflect.ValueOf(conn).Elem().FieldByName("passwd").Bytes()
	return conn.SessionID(), append([]byte(nil), passwd...)
}

// expire makes the server end c's session: it attaches a second connection
// to the session (which moves it there) and closes the session from it.
func expire(t testing.TB, c *Client, server string) {
	t.Helper()
	id, passwd := sessionOf(t, c.zk)
	conn, err := net.DialTimeout("tcp", server, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	// ConnectRequest: protocol version, last zxid, timeout, session id, password.
	req := binary.BigEndian.AppendUint32(nil, 0)
	req = binary.BigEndian.AppendUint64(req, 0)
	req = binary.BigEndian.AppendUint32(req, 4000)
	req = binary.BigEndian.AppendUint64(req, uint64(id))
	req = binary.BigEndian.AppendUint32(req, uint32(len(passwd)))
	req = append(req, passwd...)
	writeFrame(t, conn, req)
	resp := readFrame(t, conn)
	if got := int64(binary.BigEndian.Uint64(resp[8:16])); got != id {
		t.Fatalf("attaching to session 0x%x: server answered session 0x%x", id, got)
	}
	// CloseSession: xid 1, op -11.
	closeReq := binary.BigEndian.AppendUint32(nil, 1)
	closeReq = binary.BigEndian.AppendUint32(closeReq, uint32(0xFFFFFFF5))
	writeFrame(t, conn, closeReq)
	readFrame(t, conn)
}

func writeFrame(t testing.TB, w io.Writer, b []byte) {
	t.Helper()
	if _, err := w.Write(append(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b...)); err != nil {
		t.Fatal(err)
	}
}

func readFrame(t testing.TB, r io.Reader) []byte {
	t.Helper()
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, binary.BigEndian.Uint32(n[:]))
	if _, err := io.ReadFull(r, b); err != nil {
		t.Fatal(err)
	}
	return b
}

// quiet is a zk.Logger that drops everything.
type quiet struct{}

func (quiet) Printf(string, ...any) {}

// TestEmbeddedServer runs this package's tests against the embedded server
// too.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	testzk.RunEmbedded(t, "")
}
