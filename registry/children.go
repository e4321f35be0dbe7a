package registry

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/eval"
)

// ChildrenEvent is what a [Children] view tells its callbacks.
type ChildrenEvent struct {
	Kind     EventKind
	Children []string // the new set, sorted; empty when Kind is Deleted
	Added    []string // names that were not there before, sorted
	Removed  []string // names that are gone, sorted
	Err      error    // for Deleted: why the path no longer resolves
}

// Children is a live, sorted set of the child names of the node a path
// leads to, following links: when a link on the way changes, the view
// follows it to the new node. It is safe for concurrent use.
type Children struct {
	core viewCore
	n    notifier[ChildrenEvent]

	mu    sync.RWMutex
	real  string
	names []string
	err   error // why the path does not resolve (the view is deleted)
}

// Children opens a live view of the children of the node path leads to.
// It fails when path does not resolve or ctx ends before the first read.
func (c *Client) Children(ctx context.Context, path string) (*Children, error) {
	v := &Children{}
	v.core.init(c, path, v.reload, v.n.quiesce)
	if err := openView(ctx, &v.core, func() error { return v.Err() }); err != nil {
		return nil, fmt.Errorf("watch children of %s: %w", path, err)
	}
	return v, nil
}

// openView starts v's first load and waits for it: it fails with the
// load's error (read by failed) or ctx's. The first load retries while
// the connection is down, until ctx ends.
func openView(ctx context.Context, v *viewCore, failed func() error) error {
	if err := v.c.track(v); err != nil {
		return err
	}
	loaded := make(chan struct{})
	v.loaded = loaded
	v.wake()
	select {
	case <-loaded:
		if err := failed(); err != nil {
			v.close(false)
			return err
		}
		return nil
	case <-ctx.Done():
		v.close(true) // a read under way finishes on its own
		return ctx.Err()
	}
}

func (v *Children) reload() {
	l := v.core.begin()
	real, names, err := v.load(l)
	apply, resynced := v.core.end(l, err)
	if !apply {
		return
	}
	v.n.send(func() (ChildrenEvent, bool) {
		if v.core.isClosed() {
			return ChildrenEvent{}, false
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		added, removed := diff(v.names, names)
		prevErr := v.err
		wasDeleted := prevErr != nil
		v.real, v.names, v.err = real, names, err
		ev := ChildrenEvent{Kind: Changed, Children: names, Added: added, Removed: removed, Err: err}
		switch {
		case err != nil && wasDeleted && !resynced && sameErr(ev.Err, prevErr):
			return ev, false // still deleted, for the same reason
		case err != nil:
			ev.Kind = Deleted
		case resynced:
			ev.Kind = Resynced
		case len(added)+len(removed) == 0 && !wasDeleted:
			return ev, false
		}
		return ev, true
	})
	v.core.markLoaded()
}

func (v *Children) load(l *lookup) (real string, names []string, err error) {
	real, err = eval.Resolve(l, v.core.path)
	if err != nil {
		return "", nil, err
	}
	r, err := l.read(watchKey{real, watchChildren})
	if errors.Is(err, zk.ErrNoNode) {
		// Resolution saw the node through a pending watch, whose deletion
		// notification is on its way.
		err = errRaced
	}
	if err != nil {
		return "", nil, err
	}
	return real, sortedCopy(r.children), nil
}

// Path returns the path the view was opened with.
func (v *Children) Path() string { return v.core.path }

// RealPath returns the path of the node the view shows (links resolved);
// "" while the view is deleted.
func (v *Children) RealPath() string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.real
}

// Len returns the number of children.
func (v *Children) Len() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.names)
}

// Snapshot returns the child names, sorted.
func (v *Children) Snapshot() []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return slices.Clone(v.names)
}

// Contains reports whether name is a child.
func (v *Children) Contains(name string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	_, ok := slices.BinarySearch(v.names, name)
	return ok
}

// All iterates over the child names, sorted, as they were when it started.
func (v *Children) All() iter.Seq[string] {
	return slices.Values(v.Snapshot())
}

// Err returns why the path no longer resolves, or nil while it does.
func (v *Children) Err() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.err
}

// OnChange calls fn at once with the current set (Kind Current), then on
// every change, in order, until the returned function is called or the
// view is closed. fn runs on the view's own goroutine and must not call
// OnChange on the same view.
func (v *Children) OnChange(fn func(ChildrenEvent)) (cancel func()) {
	return v.n.add(func() ChildrenEvent {
		names := v.Snapshot()
		return ChildrenEvent{Kind: Current, Children: names, Added: names, Err: v.Err()}
	}, fn)
}

// Close stops the view; it no longer changes nor calls back.
func (v *Children) Close() { v.core.close(v.n.busy()) }

// String returns "Children(/path)", with "DELETED: " in front while the
// path does not resolve.
func (v *Children) String() string {
	return deletedPrefix(v.Err()) + "Children(" + v.core.path + ")"
}

// sameErr reports whether a and b, both non-nil, say the same: for a path
// that does not resolve, that it is the same path, however far along the
// links the missing node is.
func sameErr(a, b error) bool {
	var na, nb *eval.NoNodeError
	if errors.As(a, &na) && errors.As(b, &nb) {
		return na.Path == nb.Path
	}
	return a.Error() == b.Error()
}

func deletedPrefix(err error) string {
	if err != nil {
		return "DELETED: "
	}
	return ""
}

// diff returns the names in cur and not in old, and those in old and not in
// cur; both inputs are sorted.
func diff(old, cur []string) (added, removed []string) {
	i, j := 0, 0
	for i < len(old) || j < len(cur) {
		switch {
		case j == len(cur) || i < len(old) && old[i] < cur[j]:
			removed = append(removed, old[i])
			i++
		case i == len(old) || cur[j] < old[i]:
			added = append(added, cur[j])
			j++
		default:
			i++
			j++
		}
	}
	return added, removed
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
