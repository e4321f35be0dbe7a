package registry

import (
	"context"
	"sync"

	"github.com/go-zookeeper/zk"
)

// watchKind is the kind of ZooKeeper watch a read sets.
type watchKind uint8

const (
	watchData     watchKind = iota // get: data changes and deletion
	watchChildren                  // children: child list changes and deletion
	watchExists                    // exists: creation, data changes and deletion
)

type watchKey struct {
	path string
	kind watchKind
}

// subscriber is told when a watch it read through fires.
type subscriber interface {
	wake()
}

// reading is the outcome of a watched read.
type reading struct {
	data     []byte
	children []string
	stat     *zk.Stat // nil when the node does not exist (watchExists)
	fresh    bool     // read from the server now, not from a pending watch
}

// hub shares ZooKeeper watches between subscribers: at most one watch per
// path and kind is pending at a time, whatever the number of views reading
// that node, so opening and closing views does not pile up watches. A
// fired watch wakes every subscriber that read through it since it was set.
//
// While a watch is pending, the node has not changed since the read that
// set it (or its change notification is on its way, and will wake the
// subscribers), so that read's result is served to later readers without
// asking the server again. (Only the stat's child counts may be stale in
// a data or exists reading, as child changes do not fire those watches.)
type hub struct {
	zk     backend
	onLost func() // called when watches are dropped (session expired or closing)

	mu    sync.Mutex
	armed map[watchKey]*armedWatch
	wg    sync.WaitGroup // one goroutine per pending watch
}

type armedWatch struct {
	ready chan struct{} // closed once the setting read has returned
	ok    bool          // the watch is set
	r     reading       // what the setting read returned
	subs  map[subscriber]struct{}
}

func newHub(b backend, onLost func()) *hub {
	return &hub{zk: b, onLost: onLost, armed: map[watchKey]*armedWatch{}}
}

// read reads the node at key.path and makes sure sub is woken by its next
// change of the given kind. The read is consistent with the watch: a change
// made after the data read here always wakes sub.
func (h *hub) read(key watchKey, sub subscriber) (reading, error) {
	for {
		h.mu.Lock()
		a := h.armed[key]
		if a == nil {
			a = &armedWatch{ready: make(chan struct{}), subs: map[subscriber]struct{}{sub: {}}}
			h.armed[key] = a
			h.mu.Unlock()
			return h.arm(key, a)
		}
		a.subs[sub] = struct{}{}
		h.mu.Unlock()
		<-a.ready
		if a.ok {
			// sub joined the watch before it fired.
			r := a.r
			r.fresh = false
			return r, nil
		}
		h.unsubscribe(sub, key)
	}
}

// arm performs the watch-setting read for a, a new entry holding only its
// first subscriber.
func (h *hub) arm(key watchKey, a *armedWatch) (reading, error) {
	r, ch, err := h.watchRead(key)
	r.fresh = true
	h.mu.Lock()
	a.ok, a.r = ch != nil, r
	if !a.ok && h.armed[key] == a {
		delete(h.armed, key)
	}
	close(a.ready)
	h.mu.Unlock()
	if a.ok {
		h.wg.Add(1)
		go h.wait(key, a, ch)
	}
	return r, err
}

func (h *hub) watchRead(key watchKey) (r reading, ch <-chan zk.Event, err error) {
	ctx := context.Background()
	switch key.kind {
	case watchData:
		r.data, r.stat, ch, err = h.zk.GetW(ctx, key.path)
	case watchChildren:
		r.children, r.stat, ch, err = h.zk.ChildrenW(ctx, key.path)
	default:
		r.stat, ch, err = h.zk.ExistsW(ctx, key.path)
	}
	if err != nil {
		return reading{}, nil, err
	}
	return r, ch, nil
}

// wait waits for the watch to fire, then wakes a's subscribers.
func (h *hub) wait(key watchKey, a *armedWatch, ch <-chan zk.Event) {
	defer h.wg.Done()
	ev := <-ch
	h.mu.Lock()
	if h.armed[key] == a {
		delete(h.armed, key)
	}
	subs := a.subs
	a.subs = nil
	h.mu.Unlock()
	if ev.Type == zk.EventNotWatching && h.onLost != nil {
		h.onLost()
	}
	for s := range subs {
		s.wake()
	}
}

// unsubscribe stops sub being woken by the pending watches at keys.
func (h *hub) unsubscribe(sub subscriber, keys ...watchKey) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range keys {
		if a := h.armed[k]; a != nil && a.subs != nil {
			delete(a.subs, sub)
		}
	}
}

// pending returns the number of watches set and not yet fired.
func (h *hub) pending() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.armed)
}
