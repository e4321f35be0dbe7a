package zktest

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// znode is one node of the data tree.
type znode struct {
	data     []byte
	acl      []wire.ACL
	stat     wire.Stat
	children map[string]struct{}
	// created counts the children ever created: the next sequence
	// number (ZooKeeper's cversion counts deletes too, its sequence
	// numbers do not).
	created int32
}

// clientStat returns the stat as clients see it: container nodes show no
// ephemeral owner.
func (n *znode) clientStat() *wire.Stat {
	st := n.stat
	if st.EphemeralOwner == wire.ContainerOwner {
		st.EphemeralOwner = 0
	}
	return &st
}

// tree is the data tree: every node by its path.
type tree struct {
	nodes map[string]*znode
	zxid  int64 // the last transaction's id
}

// openACL is ZooKeeper's OPEN_ACL_UNSAFE.
var openACL = []wire.ACL{{Perms: wire.PermAll, ID: wire.ID{Scheme: "world", ID: "anyone"}}}

// newTree returns a tree holding what a fresh ZooKeeper 3.8 has: the root,
// /zookeeper, /zookeeper/quota and /zookeeper/config.
func newTree() *tree {
	t := &tree{nodes: map[string]*znode{"/": {acl: openACL}}}
	for _, p := range []string{"/zookeeper", "/zookeeper/quota", "/zookeeper/config"} {
		t.nodes[p] = &znode{acl: openACL}
		t.link(p)
	}
	// ZooKeeper 3.8 builds these nodes with these odd versions.
	t.nodes["/zookeeper"].stat.Cversion = -2
	config := t.nodes["/zookeeper/config"]
	config.stat.Aversion = -1
	config.acl = []wire.ACL{{Perms: wire.PermRead, ID: wire.ID{Scheme: "world", ID: "anyone"}}}
	return t
}

// link adds an existing node to its parent's children, without touching
// the parent's versions.
func (t *tree) link(path string) {
	parent, name := splitPath(path)
	pn := t.nodes[parent]
	if pn.children == nil {
		pn.children = map[string]struct{}{}
	}
	pn.children[name] = struct{}{}
	pn.stat.NumChildren = int32(len(pn.children))
}

// splitPath returns the parent path and last name of a valid path other
// than "/".
func splitPath(path string) (parent, name string) {
	i := strings.LastIndexByte(path, '/')
	if i == 0 {
		return "/", path[1:]
	}
	return path[:i], path[i+1:]
}

// childPath joins a parent path and a child name.
func childPath(parent, name string) string {
	if parent == "/" {
		return "/" + name
	}
	return parent + "/" + name
}

// sortedChildren returns the names of n's children in order.
func (n *znode) sortedChildren() []string {
	names := make([]string, 0, len(n.children))
	for c := range n.children {
		names = append(names, c)
	}
	slices.Sort(names)
	return names
}

// validatePath applies ZooKeeper's PathUtils.validatePath: absolute, no
// empty, "." or ".." components, no trailing slash (except "/"), no control
// or reserved characters.
func validatePath(path string) bool {
	if path == "" || path[0] != '/' {
		return false
	}
	if path == "/" {
		return true
	}
	if path[len(path)-1] == '/' || !utf8.ValidString(path) {
		return false
	}
	for _, part := range strings.Split(path[1:], "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	for _, r := range path {
		// Java sees a character above U+FFFF as a surrogate pair
		// (U+D800–U+DFFF), which ZooKeeper refuses with the private-use
		// area.
		if r == 0 || r > 0 && r <= 0x1f || r >= 0x7f && r <= 0x9f ||
			r >= 0xd800 && r <= 0xf8ff || r >= 0xfff0 {
			return false
		}
	}
	return true
}

// sequenceName returns the name ZooKeeper gives a sequential node: the
// path followed by the sequence number as ten digits.
func sequenceName(path string, seq int32) string {
	return fmt.Sprintf("%s%010d", path, seq)
}
