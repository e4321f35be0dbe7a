package registry

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"slices"
	"testing"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/zkconn"
)

func TestExpandAddr(t *testing.T) {
	ifs := func(addrs ...string) func() ([]net.Addr, error) {
		return func() ([]net.Addr, error) {
			var out []net.Addr
			for _, a := range addrs {
				_, n, err := net.ParseCIDR(a)
				if err != nil {
					t.Fatal(err)
				}
				n.IP = net.ParseIP(a[:len(a)-3])
				out = append(out, n)
			}
			return out, nil
		}
	}
	for _, tc := range []struct {
		addr  string
		ifs   []string
		want  []string
		isErr bool
	}{
		{"1.2.3.4:80", nil, []string{"1.2.3.4:80"}, false},
		{"host:80", nil, []string{"host:80"}, false},
		{":8080", []string{"127.0.0.1/08", "192.168.24.60/24", "192.168.24.61/24"}, []string{"192.168.24.60:8080", "192.168.24.61:8080"}, false},
		{":8080", []string{"127.0.0.1/08", "::1/128"}, []string{"127.0.0.1:8080"}, false},
		{":8080", []string{"10.0.0.1/24", "10.0.0.1/24", "fe80::1/64"}, []string{"10.0.0.1:8080"}, false},
		{":8080", []string{"fe80::1/64"}, nil, true},
		{":", []string{"10.0.0.1/24"}, nil, true},
		{"", nil, nil, true},
		{"host", nil, nil, true},
		{"host:", nil, nil, true},
		{"8080", nil, nil, true},
		{"a/b:80", nil, nil, true},
		{"[::1]:80", nil, []string{"[::1]:80"}, false},
		{"h:1", nil, []string{"h:1"}, false},
		{"h:65535", nil, []string{"h:65535"}, false},
		{"127.0.0.1:99999", nil, nil, true},
		{"127.0.0.1:65536", nil, nil, true},
		{"127.0.0.1:0", nil, nil, true},
		{"h:-1", nil, nil, true},
		{"h:+80", nil, nil, true},
		{"h:080", nil, nil, true},
		{"h:http", nil, nil, true},
		{":0", []string{"10.0.0.1/24"}, nil, true},
		{"a b:80", nil, nil, true},
		{"a\tb:80", nil, nil, true},
	} {
		got, err := expandAddr(tc.addr, ifs(tc.ifs...))
		if (err != nil) != tc.isErr || !slices.Equal(got, tc.want) {
			t.Errorf("expandAddr(%q, %v) = %v, %v; want %v (error: %v)", tc.addr, tc.ifs, got, err, tc.want, tc.isErr)
		}
	}
}

func TestDiff(t *testing.T) {
	added, removed := diff([]string{"a", "b", "d"}, []string{"b", "c", "d", "e"})
	if !slices.Equal(added, []string{"c", "e"}) || !slices.Equal(removed, []string{"a"}) {
		t.Errorf("diff = %v, %v", added, removed)
	}
	added, removed = diff(nil, []string{"x"})
	if !slices.Equal(added, []string{"x"}) || removed != nil {
		t.Errorf("diff from nothing = %v, %v", added, removed)
	}
}

// nodeProps reads and decodes a node's JSON data.
func nodeProps(t *testing.T, c *zkconn.Client, path string) (map[string]any, *zk.Stat) {
	t.Helper()
	data, st, err := c.Get(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %q: %v", path, data, err)
	}
	return m, st
}

func TestRegister(t *testing.T) {
	var hooked []Registering
	c, admin := dial(t, WithRegisterHook(func(r *Registering) {
		r.Props["test"] = ast.Int(1)
		hooked = append(hooked, *r)
	}))
	mkNodes(t, admin, `/svc {"providers ->":"/real"}`, "/real")
	reg, err := c.Register(ctx, "/svc/providers", "1.2.3.4:5678", ast.Props{"pid": ast.Int(1), "color": ast.Str("red")})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(reg.Paths(), []string{"/real/1.2.3.4:5678"}) {
		t.Errorf("paths %v", reg.Paths())
	}
	if len(hooked) != 1 || hooked[0].Addr != "1.2.3.4:5678" || hooked[0].Path != "/real" {
		t.Errorf("hook saw %+v", hooked)
	}
	m, st := nodeProps(t, admin, "/real/1.2.3.4:5678")
	if m["pid"] != float64(os.Getpid()) || m["color"] != "red" || m["test"] != float64(1) || len(m) != 3 {
		t.Errorf("data %v", m)
	}
	if st.EphemeralOwner != c.SessionID() || st.EphemeralOwner == 0 {
		t.Errorf("owner 0x%x, session 0x%x", st.EphemeralOwner, c.SessionID())
	}
	acl, _, err := admin.GetACL(ctx, "/real/1.2.3.4:5678")
	if err != nil || !zkconn.ACLEqual(acl, zkconn.ReadACL) {
		t.Errorf("ACL %v, %v", acl, err)
	}

	_, err = c.Register(ctx, "/real", "1.2.3.4:5678", nil)
	var already *AlreadyRegisteredError
	if !errors.As(err, &already) || !already.Ours || err.Error() != "/real/1.2.3.4:5678 is already registered by this client" {
		t.Errorf("second registration: %v", err)
	}
	if _, err := c.Register(ctx, "/nowhere", "1.2.3.4:1", nil); !errors.As(err, new(*eval.NoNodeError)) {
		t.Errorf("registration under a missing path: %v", err)
	}

	reg2, err := c.Register(ctx, "/real", "h:1", nil, WithACL(zkconn.OpenACL))
	if err != nil {
		t.Fatal(err)
	}
	if acl, _, _ := admin.GetACL(ctx, "/real/h:1"); !zkconn.ACLEqual(acl, zkconn.OpenACL) {
		t.Errorf("ACL with WithACL: %v", acl)
	}
	if err := reg2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := admin.Exists(ctx, "/real/h:1"); st != nil {
		t.Error("Registration.Close left the node")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Close removed the node before returning (not when the session ends).
	if st, _ := admin.Exists(ctx, "/real/1.2.3.4:5678"); st != nil {
		t.Error("Close left the registration node")
	}
	if _, err := c.Register(ctx, "/real", "h:2", nil); !errors.Is(err, errClosed) {
		t.Errorf("register after close: %v", err)
	}
}

func TestRegisterBlankHost(t *testing.T) {
	c, admin := dial(t)
	c.ifaddrs = func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: net.IPv4(127, 0, 0, 1)}, &net.IPNet{IP: net.IPv4(10, 1, 2, 3)}, &net.IPNet{IP: net.IPv4(10, 1, 2, 4)}}, nil
	}
	if _, err := c.Register(ctx, "/", ":8080", nil); err != nil {
		t.Fatal(err)
	}
	names, _, err := admin.Children(ctx, "/")
	slices.Sort(names)
	if err != nil || !slices.Equal(names, []string{"10.1.2.3:8080", "10.1.2.4:8080"}) {
		t.Errorf("children %v, %v", names, err)
	}
}

func TestRegisterTakenByOtherSession(t *testing.T) {
	c, admin := dial(t)
	if _, err := admin.Create(ctx, "/h:1", []byte("{}"), zkconn.FlagEphemeral, zkconn.OpenACL); err != nil {
		t.Fatal(err)
	}
	_, err := c.Register(ctx, "/", "h:1", nil)
	var already *AlreadyRegisteredError
	if !errors.As(err, &already) || already.Ours || already.Owner != admin.SessionID() {
		t.Fatalf("registering over another session's node: %v", err)
	}
	if st, _ := admin.Exists(ctx, "/h:1"); st == nil || st.EphemeralOwner != admin.SessionID() {
		t.Error("the other session's node was touched")
	}
	// The failed registration is forgotten: registering again is allowed.
	if err := admin.Delete(ctx, "/h:1", -1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Register(ctx, "/", "h:1", nil); err != nil {
		t.Fatal(err)
	}
}

// TestRegistrationTakeover checks that a registration whose node another
// session took is left alone, reported, and taken back when that node goes.
func TestRegistrationTakeover(t *testing.T) {
	reported := make(chan error, 10)
	c, admin := dial(t, WithErrorHandler(func(err error) { reported <- err }))
	if _, err := c.Register(ctx, "/", "h:1", nil); err != nil {
		t.Fatal(err)
	}
	_, err := admin.Multi(ctx, &zkconn.DeleteOp{Path: "/h:1", Version: -1},
		&zkconn.CreateOp{Path: "/h:1", Data: []byte("{}"), Flags: zkconn.FlagEphemeral, ACL: zkconn.OpenACL})
	if err != nil {
		t.Fatal(err)
	}
	var already *AlreadyRegisteredError
	if err := recv(t, reported, "a report"); !errors.As(err, &already) || already.Owner != admin.SessionID() {
		t.Errorf("reported %v", err)
	}
	if st, _ := admin.Exists(ctx, "/h:1"); st == nil || st.EphemeralOwner != admin.SessionID() {
		t.Fatal("the other session's node was touched")
	}
	if err := admin.Delete(ctx, "/h:1", -1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the registration to come back", func() bool {
		st, _ := admin.Exists(ctx, "/h:1")
		return st != nil && st.EphemeralOwner == c.SessionID()
	})
}

// TestShutdown checks that Shutdown deletes the registrations within its
// context, and that a second call does nothing.
func TestShutdown(t *testing.T) {
	c, admin := dial(t)
	if _, err := c.Register(ctx, "/", "h:1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := admin.Exists(ctx, "/h:1"); st != nil {
		t.Error("Shutdown left the registration node")
	}
	if err := c.Shutdown(ctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}
