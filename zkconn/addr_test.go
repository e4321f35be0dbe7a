package zkconn

import (
	"reflect"
	"testing"
)

func TestAddress(t *testing.T) {
	t.Setenv(EnvConnection, "env:1")
	if got := Address("flag:1"); got != "flag:1" {
		t.Errorf("flag: got %q", got)
	}
	if got := Address(""); got != "env:1" {
		t.Errorf("env: got %q", got)
	}
	t.Setenv(EnvConnection, "")
	if got := Address(""); got != "" {
		t.Errorf("empty env must be used as is, got %q", got)
	}
	if _, err := ParseAddress(Address("")); err == nil {
		t.Error("empty connection string accepted")
	}
}

func TestParseAddress(t *testing.T) {
	for _, tc := range []struct {
		in      string
		servers []string
		chroot  string
		bad     bool
	}{
		{in: "127.0.0.1:2181", servers: []string{"127.0.0.1:2181"}},
		{in: "zk1,zk2:2182/app", servers: []string{"zk1:2181", "zk2:2182"}, chroot: "/app"},
		{in: "h:1/a/b/", servers: []string{"h:1"}, chroot: "/a/b"},
		{in: "h:1/", servers: []string{"h:1"}},
		{in: "h:1/a/../b", bad: true},
		{in: "h:1,,h:2", bad: true},
		{in: " ", bad: true},
		{in: "[::1]/a", servers: []string{"[::1]:2181"}, chroot: "/a"},
		{in: "[::1]:2182", servers: []string{"[::1]:2182"}},
		{in: "h:notaport", bad: true},
		{in: "h:0", bad: true},
		{in: "h:65536", bad: true},
		{in: ":2181", bad: true},
		{in: "h:1:2", bad: true},
	} {
		got, err := ParseAddress(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted as %+v", tc.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.Servers, tc.servers) || got.Chroot != tc.chroot {
			t.Errorf("%q: got %+v, %v; want %v %q", tc.in, got, err, tc.servers, tc.chroot)
		}
	}
}

func TestChrootMapping(t *testing.T) {
	tg := Target{Chroot: "/app"}
	for local, full := range map[string]string{"/": "/app", "/a": "/app/a", "/a/b": "/app/a/b", "a": "a", "": ""} {
		if got := tg.full(local); got != full {
			t.Errorf("full(%q) = %q, want %q", local, got, full)
		}
		if got := tg.local(full); got != local {
			t.Errorf("local(%q) = %q, want %q", full, got, local)
		}
	}
}

func TestParseACL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []ACL
	}{
		{"open", OpenACL},
		{"read", ReadACL},
		{"31", OpenACL},
		{"1", ReadACL},
		{"world:anyone:rw", []ACL{{Perms: PermRead | PermWrite, Scheme: "world", ID: "anyone"}}},
		{"auth::rwcda", []ACL{{Perms: PermAll, Scheme: "auth", ID: ""}}},
		{"digest:bob:secret:r,world:anyone:a", append(DigestACL(PermRead, "bob", "secret"), ACL{Perms: PermAdmin, Scheme: "world", ID: "anyone"})},
	} {
		got, err := ParseACL(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseACL(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"32", "world:anyone:rx", "digest:bob:r", "nonsense"} {
		if got, err := ParseACL(bad); err == nil {
			t.Errorf("ParseACL(%q) accepted: %v", bad, got)
		}
	}
	if !ACLEqual(mustACL(t, "world:anyone:r,auth::a"), mustACL(t, "auth::a,world:anyone:r")) {
		t.Error("ACLEqual must ignore order")
	}
	if ACLEqual(OpenACL, ReadACL) {
		t.Error("ACLEqual: open == read")
	}
}

func mustACL(t *testing.T, s string) []ACL {
	t.Helper()
	a, err := ParseACL(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
