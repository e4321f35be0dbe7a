package zktest

import (
	"strings"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// specialPaths are the nodes ZooKeeper never deletes.
var specialPaths = map[string]bool{"/": true, "/zookeeper": true, "/zookeeper/quota": true, "/zookeeper/config": true}

// watchEvent is a change that fires watches once its transaction commits.
type watchEvent struct {
	typ  int32
	path string
}

// txn applies write operations to the tree as one ZooKeeper transaction:
// one zxid, watch events fired on commit, every change undone on
// rollback (a multi whose later operation fails).
type txn struct {
	s      *Server
	sess   *session
	zxid   int64
	now    int64
	undo   []func()
	events []watchEvent
}

func (t *txn) node(path string) *znode { return t.s.tree.nodes[path] }

// create makes a node; flags are ZooKeeper's create-mode flags. The checks
// come in ZooKeeper's order: mode, ACL, parent, permission, path, existence,
// ephemeral parent.
func (t *txn) create(path string, data []byte, acl []wire.ACL, flags int32) (string, *znode, wire.Err) {
	switch {
	case flags == 5 || flags == 6:
		return "", nil, wire.Unimplemented // TTL modes are off by default in ZooKeeper
	case flags < 0 || flags > 4:
		return "", nil, wire.BadArguments
	}
	slash := strings.LastIndexByte(path, '/')
	if slash < 0 || strings.IndexByte(path, 0) >= 0 {
		return "", nil, wire.BadArguments
	}
	acl, ok := fixACL(acl, t.sess.ids)
	if !ok {
		return "", nil, wire.InvalidACL
	}
	parentPath := path[:slash]
	if parentPath == "" {
		parentPath = "/"
	}
	parent := t.node(parentPath)
	if parent == nil {
		return "", nil, wire.NoNode
	}
	if !allowed(parent.acl, wire.PermCreate, t.sess.ids) {
		return "", nil, wire.NoAuth
	}
	if flags&wire.FlagSequential != 0 {
		path = sequenceName(path, parent.created)
	}
	if !validatePath(path) {
		return "", nil, wire.BadArguments
	}
	if t.node(path) != nil {
		return "", nil, wire.NodeExists
	}
	if parent.stat.EphemeralOwner != 0 && parent.stat.EphemeralOwner != wire.ContainerOwner {
		return "", nil, wire.NoChildrenForEphemerals
	}
	var owner int64
	switch {
	case flags&wire.FlagEphemeral != 0:
		owner = t.sess.id
	case flags == wire.FlagContainer:
		owner = wire.ContainerOwner
	}
	n := &znode{data: data, acl: acl, stat: wire.Stat{
		Czxid: t.zxid, Mzxid: t.zxid, Pzxid: t.zxid, Ctime: t.now, Mtime: t.now,
		EphemeralOwner: owner, DataLength: int32(len(data)),
	}}
	t.s.tree.nodes[path] = n
	oldParent, oldCreated := parent.stat, parent.created
	t.s.tree.link(path)
	parent.stat.Cversion++
	parent.stat.Pzxid = t.zxid
	parent.created++
	if owner > 0 {
		t.s.sessions[owner].ephemerals[path] = struct{}{}
	}
	_, name := splitPath(path)
	t.undo = append(t.undo, func() {
		delete(t.s.tree.nodes, path)
		delete(parent.children, name)
		parent.stat, parent.created = oldParent, oldCreated
		if owner > 0 {
			delete(t.s.sessions[owner].ephemerals, path)
		}
	})
	t.events = append(t.events, watchEvent{wire.EventNodeCreated, path}, watchEvent{wire.EventChildrenChged, parentPath})
	return path, n, wire.OK
}

// remove deletes a node, checking its version unless it is -1.
// Like ZooKeeper, it does not validate the path beyond its last slash.
func (t *txn) remove(path string, version int32) wire.Err {
	slash := strings.LastIndexByte(path, '/')
	if slash < 0 || strings.IndexByte(path, 0) >= 0 || specialPaths[path] {
		return wire.BadArguments
	}
	parentPath, name := path[:slash], path[slash+1:]
	if parentPath == "" {
		parentPath = "/"
	}
	parent := t.node(parentPath)
	if parent == nil {
		return wire.NoNode
	}
	n := t.node(path)
	if n == nil {
		return wire.NoNode
	}
	if !allowed(parent.acl, wire.PermDelete, t.sess.ids) {
		return wire.NoAuth
	}
	if version != -1 && version != n.stat.Version {
		return wire.BadVersion
	}
	if len(n.children) > 0 {
		return wire.NotEmpty
	}
	t.unlink(path, parentPath, name, n, parent)
	return wire.OK
}

// unlink removes node n at path from the tree, recording its undo and
// watch events.
func (t *txn) unlink(path, parentPath, name string, n, parent *znode) {
	delete(t.s.tree.nodes, path)
	delete(parent.children, name)
	oldParent := parent.stat
	parent.stat.NumChildren = int32(len(parent.children))
	parent.stat.Cversion++
	parent.stat.Pzxid = t.zxid
	owner := n.stat.EphemeralOwner
	sess := t.s.sessions[owner]
	if owner > 0 && sess != nil {
		delete(sess.ephemerals, path)
	}
	t.undo = append(t.undo, func() {
		t.s.tree.nodes[path] = n
		parent.children[name] = struct{}{}
		parent.stat = oldParent
		if owner > 0 && sess != nil {
			sess.ephemerals[path] = struct{}{}
		}
	})
	t.events = append(t.events, watchEvent{wire.EventNodeDeleted, path}, watchEvent{wire.EventChildrenChged, parentPath})
}

// setData replaces a node's data, checking its version unless it is -1.
func (t *txn) setData(path string, data []byte, version int32) (*znode, wire.Err) {
	if !validatePath(path) {
		return nil, wire.BadArguments
	}
	n := t.node(path)
	if n == nil {
		return nil, wire.NoNode
	}
	if !allowed(n.acl, wire.PermWrite, t.sess.ids) {
		return nil, wire.NoAuth
	}
	if version != -1 && version != n.stat.Version {
		return nil, wire.BadVersion
	}
	oldData, oldStat := n.data, n.stat
	n.data = data
	n.stat.Version++
	n.stat.Mzxid = t.zxid
	n.stat.Mtime = t.now
	n.stat.DataLength = int32(len(data))
	t.undo = append(t.undo, func() { n.data, n.stat = oldData, oldStat })
	t.events = append(t.events, watchEvent{wire.EventDataChanged, path})
	return n, wire.OK
}

// check compares a node's version (the multi "check" operation).
func (t *txn) check(path string, version int32) wire.Err {
	if !validatePath(path) {
		return wire.BadArguments
	}
	n := t.node(path)
	switch {
	case n == nil:
		return wire.NoNode
	case !allowed(n.acl, wire.PermRead, t.sess.ids):
		return wire.NoAuth
	case version != -1 && version != n.stat.Version:
		return wire.BadVersion
	}
	return wire.OK
}

// setACL replaces a node's ACL, checking its aversion unless it is -1.
func (t *txn) setACL(path string, acl []wire.ACL, version int32) (*znode, wire.Err) {
	if !validatePath(path) {
		return nil, wire.BadArguments
	}
	acl, ok := fixACL(acl, t.sess.ids)
	if !ok {
		return nil, wire.InvalidACL
	}
	n := t.node(path)
	if n == nil {
		return nil, wire.NoNode
	}
	if !allowed(n.acl, wire.PermAdmin, t.sess.ids) {
		return nil, wire.NoAuth
	}
	if version != -1 && version != n.stat.Aversion {
		return nil, wire.BadVersion
	}
	oldACL, oldStat := n.acl, n.stat
	n.acl = acl
	n.stat.Aversion++
	t.undo = append(t.undo, func() { n.acl, n.stat = oldACL, oldStat })
	return n, wire.OK
}

// rollback undoes every change, newest first, and drops the events.
func (t *txn) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo, t.events = nil, nil
}

// commit fires the watch events of the transaction.
func (t *txn) commit() {
	for _, e := range t.events {
		t.s.trigger(e)
	}
	t.undo, t.events = nil, nil
}
