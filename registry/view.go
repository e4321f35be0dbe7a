package registry

import (
	"errors"
	"sync"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// EventKind says why a view calls its callbacks.
type EventKind uint8

const (
	// Current is the state of the view when the callback was added.
	Current EventKind = iota
	// Changed means the node changed, or a link on the way to it changed
	// and the path now leads to another node.
	Changed
	// Resynced means the view set its watches again after the session was
	// replaced (it expired) and read the node afresh; what was added or
	// removed meanwhile is reported with it.
	Resynced
	// Deleted means the node is gone and the path no longer resolves: the
	// view is empty. It comes back (Changed) when the path resolves again.
	// It is told once, and again only after a resync (which finds the
	// path still unresolved) or when the reason changes.
	Deleted
)

var kindNames = [...]string{"current", "changed", "resynced", "deleted"}

// String returns "current", "changed", "resynced" or "deleted".
func (k EventKind) String() string { return kindNames[k] }

// viewCore is what children and properties views share: the path, the
// watches of the last load, and a serial executor that reloads the view
// when a watch fires, retrying while the connection is down. No goroutine
// runs while the view is idle.
type viewCore struct {
	c       *Client
	path    string // as given
	reload  func()
	quiesce func() // returns once no callback of the view is running

	mu      sync.Mutex
	pending bool
	running bool
	closed  bool
	keys    []watchKey // the watches the last load read through
	session int64      // the session of the last successful load
	backoff time.Duration
	retry   *time.Timer
	loaded  chan struct{} // closed after the first applied load
	done    chan struct{} // closed by close
}

const (
	minBackoff = 20 * time.Millisecond
	maxBackoff = time.Second
)

func (v *viewCore) init(c *Client, path string, reload, quiesce func()) {
	v.c, v.path, v.reload, v.quiesce = c, path, reload, quiesce
	v.done = make(chan struct{})
}

// wake schedules a reload; it implements subscriber.
func (v *viewCore) wake() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.pending = true
	if v.running {
		return
	}
	v.running = true
	v.c.running.Add(1)
	go v.run()
}

func (v *viewCore) run() {
	defer v.c.running.Done()
	for {
		v.mu.Lock()
		if !v.pending || v.closed {
			v.running = false
			v.mu.Unlock()
			return
		}
		v.pending = false
		v.mu.Unlock()
		v.reload()
	}
}

// begin starts a load.
func (v *viewCore) begin() *lookup {
	return &lookup{hub: v.c.hub, sub: v, seen: map[watchKey]readResult{}}
}

// end finishes a load that read through l and failed with err (or not). It
// drops the watches the view no longer needs and reports whether the
// result is to be applied, and whether it comes from a new session. On a
// connection failure it schedules a retry instead.
func (v *viewCore) end(l *lookup, err error) (apply, resynced bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		v.c.hub.unsubscribe(v, l.keys...)
		return false, false
	}
	v.c.hub.unsubscribe(v, dropped(v.keys, l.keys)...)
	v.keys = l.keys
	if l.ioErr != nil || isConnErr(err) || errors.Is(err, errRaced) {
		v.scheduleRetry()
		return false, false
	}
	v.backoff = 0
	session := v.c.zk.SessionID()
	resynced = v.session != 0 && session != v.session
	v.session = session
	return true, resynced
}

func (v *viewCore) scheduleRetry() {
	if v.backoff < minBackoff {
		v.backoff = minBackoff
	} else if v.backoff *= 2; v.backoff > maxBackoff {
		v.backoff = maxBackoff
	}
	if v.retry != nil {
		v.retry.Stop()
	}
	v.retry = time.AfterFunc(v.backoff, v.wake)
}

// markLoaded tells openView that the first load has been applied.
func (v *viewCore) markLoaded() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.loaded != nil {
		close(v.loaded)
		v.loaded = nil
	}
}

func (v *viewCore) isClosed() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.closed
}

// close stops the view: no reload starts any more, its watches no longer
// wake it and it calls back no more. Unless noWait is set (as when called
// from the view's callbacks), it returns once a running callback has
// returned. It does not wait for a read under way, which may take until
// the connection is back: the read finishes on its own and is dropped.
func (v *viewCore) close(noWait bool) {
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return
	}
	v.closed = true
	close(v.done)
	if v.retry != nil {
		v.retry.Stop()
	}
	v.c.hub.unsubscribe(v, v.keys...)
	v.keys = nil
	v.mu.Unlock()
	v.c.forget(v)
	if !noWait {
		v.quiesce()
	}
}

// dropped returns the keys in old that are not in cur.
func dropped(old, cur []watchKey) []watchKey {
	if len(old) == 0 {
		return nil
	}
	in := make(map[watchKey]bool, len(cur))
	for _, k := range cur {
		in[k] = true
	}
	var out []watchKey
	for _, k := range old {
		if !in[k] {
			out = append(out, k)
		}
	}
	return out
}

// errRaced is a load that saw the node in two states: a notification
// is on its way and a new load follows.
var errRaced = errors.New("the node changed during the read")

// isConnErr reports whether err means the session or connection was lost,
// so that the operation is worth retrying once it is back.
func isConnErr(err error) bool {
	return errors.Is(err, zk.ErrConnectionClosed) || errors.Is(err, zk.ErrSessionExpired) ||
		errors.Is(err, zk.ErrNoServer) || errors.Is(err, zk.ErrSessionMoved)
}

// lookup is the eval.Lookup of one view load: it reads ZooKeeper through
// the hub, so that every node the load depends on (links on the way
// included) is watched, and it remembers what it read.
type lookup struct {
	hub   *hub
	sub   subscriber
	keys  []watchKey
	seen  map[watchKey]readResult
	ioErr error // the first failure other than a missing node
}

type readResult struct {
	r   reading
	err error
}

func (l *lookup) read(key watchKey) (reading, error) {
	if res, ok := l.seen[key]; ok {
		return res.r, res.err
	}
	r, err := l.hub.read(key, l.sub)
	l.keys = append(l.keys, key)
	l.seen[key] = readResult{r, err}
	if err != nil && !errors.Is(err, zk.ErrNoNode) && l.ioErr == nil {
		l.ioErr = err
	}
	return r, err
}

// node reads the node at path; ok is false when it does not exist, and
// then its creation is watched.
func (l *lookup) node(path string) (r reading, ok bool, err error) {
	if !zkconn.ValidPath(path) {
		return reading{}, false, nil
	}
	dataKey, existsKey := watchKey{path, watchData}, watchKey{path, watchExists}
	for range 3 {
		r, err = l.read(dataKey)
		if !errors.Is(err, zk.ErrNoNode) {
			return r, err == nil, err
		}
		e, err := l.read(existsKey)
		if err != nil || e.stat == nil || !e.fresh {
			// Missing, or a pending exists watch remembers the node from
			// before it was deleted (and will fire).
			return reading{}, false, err
		}
		// Created between the two reads, and the exists watch was set
		// after that: read it again.
		delete(l.seen, dataKey)
		delete(l.seen, existsKey)
	}
	// The node keeps coming and going; the exists watch set last wakes
	// the view at its next change.
	return reading{}, false, nil
}

// Exists implements eval.Lookup.
func (l *lookup) Exists(path string) (bool, error) {
	_, ok, err := l.node(path)
	return ok, err
}

// Props implements eval.Lookup.
func (l *lookup) Props(path string) (ast.Props, bool, error) {
	r, ok, err := l.node(path)
	if !ok || err != nil {
		return nil, false, err
	}
	return nodedata.Decode(r.data), true, nil
}

// notifier calls a view's callbacks in order, one event at a time.
type notifier[E any] struct {
	dispatch sync.Mutex // held while the view changes state and calls back
	mu       sync.Mutex
	next     int
	fns      []callback[E]
}

type callback[E any] struct {
	id int
	fn func(E)
}

// add calls fn with the current state, then with every later event, until
// the returned function is called.
func (n *notifier[E]) add(current func() E, fn func(E)) (cancel func()) {
	n.dispatch.Lock()
	defer n.dispatch.Unlock()
	fn(current())
	n.mu.Lock()
	defer n.mu.Unlock()
	id := n.next
	n.next++
	n.fns = append(n.fns, callback[E]{id, fn})
	return func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		for i, cb := range n.fns {
			if cb.id == id {
				n.fns = append(n.fns[:i:i], n.fns[i+1:]...)
				return
			}
		}
	}
}

// quiesce returns once no callback is being called.
func (n *notifier[E]) quiesce() {
	n.dispatch.Lock()
	n.dispatch.Unlock()
}

// busy reports whether callbacks are being called (so a Close may come from
// one of them).
func (n *notifier[E]) busy() bool {
	if n.dispatch.TryLock() {
		n.dispatch.Unlock()
		return false
	}
	return true
}

// send applies a state change with update and calls every callback with
// the event it returns, when it returns one.
func (n *notifier[E]) send(update func() (E, bool)) {
	n.dispatch.Lock()
	defer n.dispatch.Unlock()
	ev, ok := update()
	if !ok {
		return
	}
	n.mu.Lock()
	fns := n.fns
	n.mu.Unlock()
	for _, cb := range fns {
		cb.fn(ev)
	}
}
