package zktest

import (
	"slices"
	"strings"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// Watcher types of removeWatches and checkWatches.
const (
	watcherChildren = 1
	watcherData     = 2
	watcherAny      = 3
)

// query runs the requests that read state or manage watches without a
// transaction: addWatch, removeWatches, checkWatches, getEphemerals,
// getAllChildrenNumber, whoAmI and multiRead.
func (s *Server) query(c *conn, op int32, r *wire.Reader) ([]byte, wire.Err) {
	switch op {
	case wire.OpAddWatch:
		path, mode := r.String(), r.Int()
		switch mode {
		case 0:
			s.setWatch(dataWatch, path, c, persistentWatch)
			s.setWatch(childWatch, path, c, persistentWatch)
		case 1:
			s.setWatch(dataWatch, path, c, recursiveWatch)
		default:
			return nil, wire.MarshallingError // ZooKeeper fails to read the mode
		}
		return wire.Buf(nil).Int(0), wire.OK
	case wire.OpRemoveWatches, wire.OpCheckWatches:
		return nil, s.watchesOf(c, r.String(), r.Int(), op == wire.OpRemoveWatches)
	case wire.OpGetEphemerals:
		prefix := r.String()
		var paths []string
		for p := range c.sess.ephemerals {
			if strings.HasPrefix(p, prefix) {
				paths = append(paths, p)
			}
		}
		slices.Sort(paths)
		return wire.Buf(nil).Strings(paths), wire.OK
	case wire.OpGetAllChildren:
		path := r.String()
		n := s.tree.nodes[path]
		if n == nil {
			return nil, wire.NoNode
		}
		if !allowed(n.acl, wire.PermRead, c.sess.ids) {
			return nil, wire.NoAuth
		}
		return wire.Buf(nil).Int(int32(s.tree.descendants(path, n))), wire.OK
	case wire.OpWhoAmI:
		b := wire.Buf(nil).Int(int32(len(c.sess.ids)))
		for _, id := range c.sess.ids {
			user := id.ID
			if id.Scheme == "digest" {
				user, _, _ = strings.Cut(user, ":")
			}
			b = b.String(id.Scheme).String(user)
		}
		return b, wire.OK
	case wire.OpMultiRead:
		return s.multiRead(c, r)
	}
	return nil, wire.Unimplemented
}

// watchesOf checks (or removes) c's watches of a type on path; NoWatcher
// when there is none. Data and child types stand for every mode in their
// table, and removing a persistent watch from one table removes it from
// the other too, as ZooKeeper 3.8 does.
func (s *Server) watchesOf(c *conn, path string, typ int32, remove bool) wire.Err {
	var kinds []int
	switch typ {
	case watcherChildren:
		kinds = []int{childWatch}
	case watcherData:
		kinds = []int{dataWatch}
	case watcherAny:
		kinds = []int{childWatch, dataWatch}
	default:
		return wire.MarshallingError // ZooKeeper fails to read the type
	}
	found := false
	for _, k := range kinds {
		if !remove {
			found = found || s.hasWatch(k, path, c)
			continue
		}
		persistent := s.watches[k].byPath[path][c]&persistentWatch != 0
		found = s.clearWatch(k, path, c, standardWatch|persistentWatch|recursiveWatch) || found
		if persistent {
			s.clearWatch(1-k, path, c, persistentWatch)
		}
	}
	if !found {
		return wire.NoWatcher
	}
	return wire.OK
}

// descendants counts the nodes below n at path.
func (t *tree) descendants(path string, n *znode) int {
	count := 0
	for c := range n.children {
		p := childPath(path, c)
		count += 1 + t.descendants(p, t.nodes[p])
	}
	return count
}

// multiRead runs getData and getChildren operations; each succeeds or
// fails on its own. As in ZooKeeper, their watch flags are ignored.
func (s *Server) multiRead(c *conn, r *wire.Reader) ([]byte, wire.Err) {
	b := wire.Buf(nil)
	for {
		op, done := r.Int(), r.Bool()
		r.Int()
		if r.Err() != nil || done {
			break
		}
		if op != wire.OpGetData && op != wire.OpGetChildren {
			return nil, wire.Unimplemented
		}
		path := r.String()
		r.Bool() // watch
		body, err := s.read(c, op, wire.NewReader(wire.Buf(nil).String(path).Bool(false)))
		if err != wire.OK {
			b = b.Int(wire.OpError).Bool(false).Int(int32(err)).Int(int32(err))
			continue
		}
		b = append(b.Int(op).Bool(false).Int(0), body...)
	}
	return b.Int(-1).Bool(true).Int(-1), wire.OK
}
