package zksync

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"

	"github.com/zktree/zktree/zkconn"
)

// Concurrency of the pipelined traversals: requests in flight on the one
// connection, how far ahead of the visitor each child list is fetched, and
// how many nodes may be read ahead in all (which bounds the memory of a
// traversal, whatever the size of the tree).
const (
	maxInFlight = 128
	window      = 128
	maxBuffered = 2048
)

// entry is one node read during a traversal.
type entry struct {
	Path     string
	Data     []byte // only when the traversal reads data
	Stat     *zkconn.Stat
	Children []string  // sorted; nil when the node has none or was not listed
	kids     []*future // children being read ahead; nil: not started
}

// future is an entry being fetched.
type future struct {
	done chan struct{}
	e    *entry
	err  error
}

// walker traverses a subtree depth first, children in name order, with
// requests for the nodes ahead of the visitor pipelined on the connection.
type walker struct {
	store zkconn.Store
	// readData: read each node with Get and list only nodes whose stat
	// shows children (a leaf costs one request); otherwise list every node
	// with Children, whose stat says the rest.
	readData bool
	// list, if set, decides whether a node's children are wanted at all.
	list     func(e *entry) bool
	sem      chan struct{}
	buffered atomic.Int64 // futures started and not yet visited
}

func newWalker(s zkconn.Store, readData bool, list func(*entry) bool) *walker {
	return &walker{store: s, readData: readData, list: list, sem: make(chan struct{}, maxInFlight)}
}

// fetch starts reading the node at path and, when it has children and
// the read-ahead budget allows, its first children. It waits for a free
// request slot first, so that only requests in flight hold a goroutine.
func (w *walker) fetch(ctx context.Context, path string) *future {
	w.buffered.Add(1)
	f := &future{done: make(chan struct{})}
	w.sem <- struct{}{}
	go func() {
		defer close(f.done)
		f.e, f.err = w.read(ctx, path)
		<-w.sem
		if f.err == nil && len(f.e.Children) > 0 {
			e := f.e
			e.kids = make([]*future, len(e.Children))
			for i := 0; i < min(window, len(e.kids)) && w.buffered.Load() < maxBuffered; i++ {
				e.kids[i] = w.fetch(ctx, join(e.Path, e.Children[i]))
			}
		}
	}()
	return f
}

// discard waits for the read-ahead below e, which will not be visited, and
// returns its budget.
func (w *walker) discard(e *entry) {
	for _, f := range e.kids {
		if f != nil {
			<-f.done
			w.buffered.Add(-1)
			if f.e != nil {
				w.discard(f.e)
			}
		}
	}
}

func (w *walker) read(ctx context.Context, path string) (*entry, error) {
	e := &entry{Path: path}
	var err error
	if w.readData {
		if e.Data, e.Stat, err = w.store.Get(ctx, path); err != nil {
			return nil, err
		}
		if e.Stat.NumChildren == 0 || w.list != nil && !w.list(e) {
			return e, nil
		}
		e.Children, _, err = w.store.Children(ctx, path)
	} else {
		e.Children, e.Stat, err = w.store.Children(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	slices.Sort(e.Children)
	return e, nil
}

// visitor is called for every node: enter before its children (false skips
// them), leave after them. depth is 0 for the start node.
type visitor struct {
	enter func(e *entry, depth int) (bool, error)
	leave func(e *entry, depth int) error
}

// walk traverses the subtree at path. A missing start node is an error;
// nodes that disappear during the walk are skipped.
func (w *walker) walk(ctx context.Context, path string, v visitor) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return w.visit(ctx, w.fetch(ctx, path), 0, v)
}

func (w *walker) visit(ctx context.Context, f *future, depth int, v visitor) error {
	select {
	case <-f.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	w.buffered.Add(-1)
	if f.err != nil {
		if depth > 0 && errors.Is(f.err, zkconn.ErrNoNode) {
			return nil
		}
		return f.err
	}
	e := f.e
	descend, err := v.enter(e, depth)
	if err != nil {
		return err
	}
	if !descend && len(e.kids) > 0 {
		go w.discard(e)
	}
	if descend && len(e.Children) > 0 {
		futs := e.kids
		launch := func(i int) {
			if i < len(futs) && futs[i] == nil {
				futs[i] = w.fetch(ctx, join(e.Path, e.Children[i]))
			}
		}
		for i := range min(window, len(futs)) {
			launch(i)
		}
		for i := range futs {
			if err := w.visit(ctx, futs[i], depth+1, v); err != nil {
				return err
			}
			futs[i] = nil
			launch(i + window)
		}
	}
	if v.leave != nil {
		return v.leave(e, depth)
	}
	return nil
}

// join appends a child name to a path.
func join(parent, name string) string {
	if parent == "/" {
		return "/" + name
	}
	return parent + "/" + name
}
