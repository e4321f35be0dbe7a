package zktest

import (
	"net"
	"testing"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// checkTree verifies the tree's invariants: every node but the root is
// listed by its parent, every listed child exists, counts match, and
// sessions own exactly the ephemeral nodes that name them.
func checkTree(t *testing.T, s *Server) {
	t.Helper()
	owned := 0
	for p, n := range s.tree.nodes {
		if int(n.stat.NumChildren) != len(n.children) {
			t.Fatalf("%s: numChildren %d, %d children", p, n.stat.NumChildren, len(n.children))
		}
		for c := range n.children {
			if s.tree.nodes[childPath(p, c)] == nil {
				t.Fatalf("%s lists missing child %s", p, c)
			}
		}
		if p == "/" {
			continue
		}
		parent, name := splitPath(p)
		if pn := s.tree.nodes[parent]; pn == nil {
			t.Fatalf("%s has no parent", p)
		} else if _, ok := pn.children[name]; !ok {
			t.Fatalf("%s not listed by its parent", p)
		}
		if o := n.stat.EphemeralOwner; o > 0 {
			if _, ok := s.sessions[o].ephemerals[p]; !ok {
				t.Fatalf("%s not owned by its session", p)
			}
			owned++
		}
	}
	for _, sess := range s.sessions {
		owned -= len(sess.ephemerals)
	}
	if owned != 0 {
		t.Fatal("sessions own nodes that are gone")
	}
}

func request(op int32, body wire.Buf) []byte {
	return append(wire.Buf(nil).Int(1).Int(op), body...)
}

// FuzzRequest feeds arbitrary requests to one session and checks that the
// server neither panics nor breaks the tree's invariants.
func FuzzRequest(f *testing.F) {
	multi := wire.Buf(nil).Int(wire.OpCreate).Bool(false).Int(-1).String("/m").Bytes(nil).ACLs(openACL).Int(0).
		Int(wire.OpCreate).Bool(false).Int(-1).String("/m/e").Bytes(nil).ACLs(openACL).Int(1).
		Int(wire.OpSetData).Bool(false).Int(-1).String("/m").Bytes([]byte("x")).Int(0).
		Int(wire.OpDelete).Bool(false).Int(-1).String("/a").Int(-1).
		Int(-1).Bool(true).Int(-1)
	for _, seed := range [][]byte{
		request(wire.OpCreate, wire.Buf(nil).String("/a").Bytes([]byte("x")).ACLs(openACL).Int(0)),
		request(wire.OpCreate2, wire.Buf(nil).String("/s-").Bytes(nil).ACLs(openACL).Int(3)),
		request(wire.OpCreateContainer, wire.Buf(nil).String("/c").Bytes(nil).ACLs(openACL).Int(4)),
		request(wire.OpDelete, wire.Buf(nil).String("/a").Int(-1)),
		request(wire.OpSetData, wire.Buf(nil).String("/a").Bytes([]byte("y")).Int(0)),
		request(wire.OpSetACL, wire.Buf(nil).String("/a").ACLs([]wire.ACL{{Perms: 1, ID: wire.ID{Scheme: "auth"}}}).Int(-1)),
		request(wire.OpGetData, wire.Buf(nil).String("/a").Bool(true)),
		request(wire.OpGetChildren2, wire.Buf(nil).String("/").Bool(true)),
		request(wire.OpExists, wire.Buf(nil).String("/zz").Bool(true)),
		request(wire.OpAuth, wire.Buf(nil).Int(0).String("digest").Bytes([]byte("u:p"))),
		request(wire.OpSetWatches, wire.Buf(nil).Long(0).Strings([]string{"/a"}).Strings([]string{"/b"}).Strings([]string{"/"})),
		request(wire.OpMulti, multi),
		request(wire.OpAddWatch, wire.Buf(nil).String("/").Int(1)),
		request(wire.OpRemoveWatches, wire.Buf(nil).String("/a").Int(3)),
		request(wire.OpSetWatches2, wire.Buf(nil).Long(0).Strings(nil).Strings(nil).Strings(nil).Strings([]string{"/a"}).Strings([]string{"/"})),
		request(wire.OpMultiRead, wire.Buf(nil).Int(wire.OpGetData).Bool(false).Int(-1).String("/a").Bool(true).Int(-1).Bool(true).Int(-1)),
		request(wire.OpGetAllChildren, wire.Buf(nil).String("/")),
		request(wire.OpCloseSession, nil),
	} {
		f.Add(seed)
	}
	s, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, frame []byte) {
		client, server := net.Pipe()
		defer client.Close()
		defer server.Close()
		c := newConn(s, server)
		s.mu.Lock()
		c.sess = s.newSessionLocked(10000)
		c.sess.conn = c
		s.mu.Unlock()
		s.handle(c, frame)
		s.handle(c, request(wire.OpCreate, wire.Buf(nil).String("/a").Bytes(nil).ACLs(openACL).Int(1)))
		s.handle(c, frame)
		s.mu.Lock()
		defer s.mu.Unlock()
		checkTree(t, s)
		if s.sessions[c.sess.id] != nil {
			s.endSessionLocked(c.sess)
		}
		c.dropWatches()
		checkTree(t, s)
	})
}
