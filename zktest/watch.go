package zktest

import (
	"strings"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// watchMode says how a connection watches a path; one connection may
// hold several modes on one path.
type watchMode uint8

const (
	standardWatch   watchMode = 1 << iota // one-shot (getData, exists, getChildren)
	persistentWatch                       // addWatch PERSISTENT
	recursiveWatch                        // addWatch PERSISTENT_RECURSIVE: the path and every descendant
)

// Watch tables, as in ZooKeeper's DataTree: data watches (set by getData
// and by exists, on a node or a missing path) and child watches.
// Persistent watches are in both, recursive ones in the data table only.
const (
	dataWatch = iota
	childWatch
)

// watchTable maps a path to the connections watching it.
type watchTable struct {
	byPath    map[string]map[*conn]watchMode
	recursive int // entries with the recursive mode; when 0, ancestors need no look
}

func newWatchTable() *watchTable {
	return &watchTable{byPath: map[string]map[*conn]watchMode{}}
}

// set gives c the mode m on path in table kind.
func (s *Server) setWatch(kind int, path string, c *conn, m watchMode) {
	t := s.watches[kind]
	ws := t.byPath[path]
	if ws == nil {
		ws = map[*conn]watchMode{}
		t.byPath[path] = ws
	}
	old := ws[c]
	if m&recursiveWatch != 0 && old&recursiveWatch == 0 {
		t.recursive++
	}
	ws[c] = old | m
	c.watched[kind][path] = struct{}{}
}

// clearWatch takes the modes m of c on path away and reports whether c
// held any of them.
func (s *Server) clearWatch(kind int, path string, c *conn, m watchMode) bool {
	t := s.watches[kind]
	ws := t.byPath[path]
	old, ok := ws[c]
	if !ok || old&m == 0 {
		return false
	}
	if old&m&recursiveWatch != 0 {
		t.recursive--
	}
	if rest := old &^ m; rest != 0 {
		ws[c] = rest
		return true
	}
	delete(ws, c)
	if len(ws) == 0 {
		delete(t.byPath, path)
	}
	delete(c.watched[kind], path)
	return true
}

// hasWatch reports whether c watches path in table kind in any mode.
func (s *Server) hasWatch(kind int, path string, c *conn) bool {
	_, ok := s.watches[kind].byPath[path][c]
	return ok
}

// collect adds the connections that an event on path reaches in table
// kind to fired, using up one-shot watches: every watcher of the path
// itself, and recursive watchers of its ancestors.
func (s *Server) collect(kind int, path string, fired map[*conn]struct{}) {
	t := s.watches[kind]
	for c, m := range t.byPath[path] {
		fired[c] = struct{}{}
		if m&standardWatch != 0 {
			s.clearWatch(kind, path, c, standardWatch)
		}
	}
	if t.recursive == 0 {
		return
	}
	for p := path; p != "/"; {
		p = p[:max(strings.LastIndexByte(p, '/'), 1)]
		for c, m := range t.byPath[p] {
			if m&recursiveWatch != 0 {
				fired[c] = struct{}{}
			}
		}
	}
}

// trigger fires the watches a change sets off, as ZooKeeper's DataTree
// does: NodeCreated and NodeDataChanged fire data watches, NodeDeleted
// fires data and child watches on the node (one event per connection),
// NodeChildrenChanged fires child watches on the parent.
func (s *Server) trigger(e watchEvent) {
	fired := map[*conn]struct{}{}
	if e.typ != wire.EventChildrenChged {
		s.collect(dataWatch, e.path, fired)
		for c := range fired {
			c.sendEvent(e)
		}
	}
	if e.typ == wire.EventChildrenChged || e.typ == wire.EventNodeDeleted {
		children := map[*conn]struct{}{}
		s.collect(childWatch, e.path, children)
		for c := range children {
			if _, done := fired[c]; !done {
				c.sendEvent(e)
			}
		}
	}
}

// dropWatches removes every watch of c (its connection is gone).
func (c *conn) dropWatches() {
	for kind := range c.watched {
		for path := range c.watched[kind] {
			c.s.clearWatch(kind, path, c, standardWatch|persistentWatch|recursiveWatch)
		}
	}
}
