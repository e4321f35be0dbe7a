package zkconn

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"strconv"
	"strings"
)

// Environment variables read by [Address] and [AuthFromEnv].
const (
	EnvConnection = "ZC_ZK_CONNECTION_STRING"
	EnvAuth       = "ZKTREE_AUTH"
)

// DefaultAddress is the connection string used when neither a flag nor
// ZC_ZK_CONNECTION_STRING gives one.
const DefaultAddress = "127.0.0.1:2181"

// Address returns the connection string to use: flag when it is not empty,
// else $ZC_ZK_CONNECTION_STRING when it is set (an empty value is used as
// is, and then rejected by [ParseAddress], as zc.zk does), else
// [DefaultAddress].
func Address(flag string) string {
	if flag != "" {
		return flag
	}
	if s, ok := os.LookupEnv(EnvConnection); ok {
		return s
	}
	return DefaultAddress
}

// AuthFromEnv returns flag when it is not empty, else $ZKTREE_AUTH.
func AuthFromEnv(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(EnvAuth)
}

// Target is a parsed connection string: the servers and an optional chroot.
type Target struct {
	Servers []string // host:port; a missing port becomes 2181
	Chroot  string   // "" or a clean absolute path such as "/app"
}

// ParseAddress parses a connection string such as
// "host1:2181,host2:2181/app": a comma-separated server list, optionally
// followed by a chroot path that every path is taken relative to.
func ParseAddress(s string) (Target, error) {
	if strings.TrimSpace(s) == "" {
		return Target{}, errors.New("empty ZooKeeper connection string")
	}
	hosts, chroot := s, ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		hosts, chroot = s[:i], s[i:]
	}
	var t Target
	for h := range strings.SplitSeq(hosts, ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			return Target{}, fmt.Errorf("bad ZooKeeper connection string %q: empty server address", s)
		}
		if !strings.Contains(h, ":") || strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			h += ":2181"
		}
		host, port, err := net.SplitHostPort(h)
		if err != nil {
			return Target{}, fmt.Errorf("bad ZooKeeper connection string %q: server %q: want HOST:PORT", s, h)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || host == "" {
			return Target{}, fmt.Errorf("bad ZooKeeper connection string %q: server %q: want HOST:PORT with a port from 1 to 65535", s, h)
		}
		t.Servers = append(t.Servers, h)
	}
	if chroot != "" {
		c := path.Clean(chroot)
		if c != strings.TrimRight(chroot, "/") && chroot != "/" {
			return Target{}, fmt.Errorf("bad chroot %q in ZooKeeper connection string: use a clean absolute path", chroot)
		}
		if c != "/" {
			t.Chroot = c
		}
	}
	return t, nil
}

// String returns the connection string t was parsed from, normalised.
func (t Target) String() string {
	return strings.Join(t.Servers, ",") + t.Chroot
}

// full maps a path seen by the caller to the server's path under the chroot.
// A relative path is left as it is, so that it is refused as invalid rather
// than joined to the chroot's name ("/app" + "x" is "/appx").
func (t Target) full(p string) string {
	if t.Chroot == "" || !strings.HasPrefix(p, "/") {
		return p
	}
	if p == "/" {
		return t.Chroot
	}
	return t.Chroot + p
}

// local maps a server path back to the caller's view under the chroot.
func (t Target) local(p string) string {
	if t.Chroot == "" {
		return p
	}
	if p == t.Chroot {
		return "/"
	}
	return strings.TrimPrefix(p, t.Chroot)
}
