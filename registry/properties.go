package registry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/nodedata"
)

// PropertiesEvent is what a [Properties] view tells its callbacks.
type PropertiesEvent struct {
	Kind  EventKind
	Props ast.Props // the resolved properties (see [Properties.Snapshot]); empty when Kind is Deleted
	Err   error     // for Deleted: why the path no longer resolves
}

// Properties is a live view of the properties of the node a path leads to
// (links followed), with property links ("x =>") resolved: a change to the
// node, to a linked node or to a link on the way updates the view. Writes
// go to the resolved node and are version-checked. It is safe for
// concurrent use.
type Properties struct {
	core viewCore
	n    notifier[PropertiesEvent]

	mu      sync.RWMutex
	real    string
	raw     ast.Props        // the node's data, decoded
	props   ast.Props        // raw with property links resolved
	bad     map[string]error // the property links that cannot be followed, by name
	version int32
	err     error         // why the path does not resolve (the view is deleted)
	changed chan struct{} // closed and replaced at each change
}

// Properties opens a live view of the properties of the node path leads
// to. It fails when path does not resolve or ctx ends before the first read.
func (c *Client) Properties(ctx context.Context, path string) (*Properties, error) {
	v := &Properties{changed: make(chan struct{})}
	v.core.init(c, path, v.reload, v.n.quiesce)
	if err := openView(ctx, &v.core, func() error { return v.Err() }); err != nil {
		return nil, fmt.Errorf("watch properties of %s: %w", path, err)
	}
	return v, nil
}

type propState struct {
	real    string
	raw     ast.Props
	props   ast.Props
	bad     map[string]error
	version int32
	err     error
}

func (v *Properties) reload() {
	l := v.core.begin()
	s := v.load(l)
	apply, resynced := v.core.end(l, s.err)
	if !apply {
		return
	}
	v.n.send(func() (PropertiesEvent, bool) {
		if v.core.isClosed() {
			return PropertiesEvent{}, false
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		prevErr := v.err
		same := v.err == nil && s.err == nil && v.real == s.real && v.raw.Equal(s.raw) &&
			v.props.Equal(s.props) && slices.Equal(sortedKeys(v.bad), sortedKeys(s.bad))
		v.real, v.raw, v.props, v.bad, v.version, v.err = s.real, s.raw, s.props, s.bad, s.version, s.err
		close(v.changed)
		v.changed = make(chan struct{})
		ev := PropertiesEvent{Kind: Changed, Props: maps.Clone(s.props), Err: s.err}
		switch {
		case s.err != nil && prevErr != nil && !resynced && sameErr(s.err, prevErr):
			return ev, false // still deleted, for the same reason
		case s.err != nil:
			ev.Kind = Deleted
		case resynced:
			ev.Kind = Resynced
		case same:
			return ev, false
		}
		return ev, true
	})
	v.core.markLoaded()
}

func (v *Properties) load(l *lookup) propState {
	real, err := eval.Resolve(l, v.core.path)
	if err != nil {
		return propState{err: err}
	}
	r, ok, err := l.node(real)
	if err == nil && !ok {
		err = &eval.NoNodeError{Path: v.core.path}
	}
	if err != nil {
		return propState{err: err}
	}
	raw := nodedata.Decode(r.data)
	props, bad := resolveLinks(l, v.core.path, raw)
	return propState{real: real, raw: raw, props: props, bad: bad, version: r.stat.Version}
}

// resolveLinks returns raw with each property link "x =>" replaced by the
// value it leads to (path is the path the properties were asked for, which
// relative links are joined to), unless a real property x shadows it. The
// links that cannot be followed are left out and returned by name.
func resolveLinks(l eval.Lookup, path string, raw ast.Props) (ast.Props, map[string]error) {
	props := make(ast.Props, len(raw))
	var bad map[string]error
	for k, val := range raw {
		name, isLink := strings.CutSuffix(k, " =>")
		if !isLink {
			props[k] = val
			continue
		}
		if _, shadowed := raw[name]; shadowed {
			continue
		}
		val, err := eval.ResolveProp(l, path, name)
		if err != nil {
			if bad == nil {
				bad = map[string]error{}
			}
			bad[name] = err
			continue
		}
		props[name] = val
	}
	return props, bad
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// Path returns the path the view was opened with.
func (v *Properties) Path() string { return v.core.path }

// RealPath returns the path of the node the view shows (links resolved);
// "" while the view is deleted.
func (v *Properties) RealPath() string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.real
}

// Snapshot returns the properties with property links resolved: every key
// of the node ("x", "x ->", "type") except the property links "x =>", and
// for each link whose x is not also a real property, x with the value it
// leads to. Links that cannot be followed are left out (see [Properties.Get]).
func (v *Properties) Snapshot() ast.Props {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return maps.Clone(v.props)
}

// Raw returns the node's data, decoded, property links unresolved.
func (v *Properties) Raw() ast.Props {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return maps.Clone(v.raw)
}

// Version returns the data version of the node the view last read.
func (v *Properties) Version() int32 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.version
}

// Get returns property name: a real property, else the value its property
// link leads to. It fails with the eval package's errors: NoPropertyError
// when there is neither, BadPropertyLinkError when the link cannot be
// followed, NoNodeError while the view is deleted.
func (v *Properties) Get(name string) (ast.Value, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.err != nil {
		return ast.None, v.err
	}
	if val, ok := v.raw[name]; ok {
		return val, nil
	}
	if err := v.bad[name]; err != nil {
		return ast.None, err
	}
	if val, ok := v.props[name]; ok {
		return val, nil
	}
	return ast.None, &eval.NoPropertyError{Path: v.core.path, Name: name}
}

// Keys returns the names the node's properties can be read by, sorted, as
// zc.zk iterates them: every key with a " =>" suffix removed, so a name
// that is both a property and a property link comes twice.
func (v *Properties) Keys() []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	keys := make([]string, 0, len(v.raw))
	for k := range v.raw {
		keys = append(keys, strings.TrimSuffix(k, " =>"))
	}
	slices.Sort(keys)
	return keys
}

// Len returns the number of keys of the node's data, property links
// included.
func (v *Properties) Len() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.raw)
}

// Contains reports whether name is a property or a property link.
func (v *Properties) Contains(name string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	_, ok := v.raw[name]
	_, link := v.raw[name+" =>"]
	return ok || link
}

// Err returns why the path no longer resolves, or nil while it does.
func (v *Properties) Err() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.err
}

// OnChange calls fn at once with the current properties (Kind Current),
// then on every change, in order, until the returned function is called or
// the view is closed. fn runs on the view's own goroutine and must not call
// OnChange on the same view.
func (v *Properties) OnChange(fn func(PropertiesEvent)) (cancel func()) {
	return v.n.add(func() PropertiesEvent {
		return PropertiesEvent{Kind: Current, Props: v.Snapshot(), Err: v.Err()}
	}, fn)
}

// Close stops the view; it no longer changes nor calls back.
func (v *Properties) Close() { v.core.close(v.n.busy()) }

// String returns "Properties(/path)", with "DELETED: " in front while the
// path does not resolve.
func (v *Properties) String() string {
	return deletedPrefix(v.Err()) + "Properties(" + v.core.path + ")"
}

// Set replaces all the node's properties by props, provided the node has
// not changed since the view last read it (else the error wraps
// zk.ErrBadVersion). New or changed property links in props are checked
// first: one that cannot be followed fails the write and nothing is
// written. Set returns once the view shows the new data (at once when
// called from a callback, as the view cannot move on before it returns).
func (v *Properties) Set(ctx context.Context, props ast.Props) error {
	return v.write(ctx, false, func(ast.Props) ast.Props { return maps.Clone(props) })
}

// Update sets the properties in props, keeping the node's others. It
// merges into the node's latest data and retries when another writer got in
// between, until ctx ends. Links are checked as by Set.
func (v *Properties) Update(ctx context.Context, props ast.Props) error {
	return v.write(ctx, true, func(cur ast.Props) ast.Props {
		out := maps.Clone(cur)
		if out == nil {
			out = ast.Props{}
		}
		maps.Copy(out, props)
		return out
	})
}

// conflictPause returns how long Update waits before its next try after
// try conflicting writes: not at all at first, then a random pause of up to
// try ms (at most 50 ms), so that many writers of one node all get through.
func conflictPause(try int) time.Duration {
	if try < 3 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(min(try, 50)) * int64(time.Millisecond)))
}

func (v *Properties) write(ctx context.Context, merge bool, change func(ast.Props) ast.Props) error {
	v.mu.RLock()
	real, raw, version, err := v.real, v.raw, v.version, v.err
	v.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("write properties of %s: %w", v.core.path, err)
	}
	zkc := v.core.c.zk
	for try := 1; ; try++ {
		next := change(raw)
		if err := checkLinks(oneShot{ctx, zkc}, v.core.path, real, raw, next); err != nil {
			return err
		}
		data, err := nodedata.Encode(next)
		if err != nil {
			return fmt.Errorf("write properties of %s: %w", v.core.path, err)
		}
		st, err := zkc.Set(ctx, real, data, version)
		if err == nil {
			if !v.n.busy() { // from a callback, the view cannot move on
				v.waitVersion(ctx, real, st.Version)
			}
			return nil
		}
		if !merge || !errors.Is(err, zk.ErrBadVersion) {
			return err
		}
		if pause := conflictPause(try); pause > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w (gave up: %w)", err, ctx.Err())
			case <-time.After(pause):
			}
		}
		var cur []byte
		var stat *zk.Stat
		if cur, stat, err = zkc.Get(ctx, real); err != nil {
			return err
		}
		raw, version = nodedata.Decode(cur), stat.Version
	}
}

// checkLinks checks the property links of props, the new data of the node
// at real that path leads to, that are not in old, as if they were written.
func checkLinks(l oneShot, path, real string, old, props ast.Props) error {
	o := overlay{l, real, props}
	for k, val := range props {
		name, isLink := strings.CutSuffix(k, " =>")
		if _, shadowed := props[name]; !isLink || shadowed || val.Equal(old[k]) {
			continue
		}
		if _, err := eval.ResolveProp(o, path, name); err != nil {
			return fmt.Errorf("bad property link %q: %q: %w", k, val.Str(), err)
		}
	}
	return nil
}

// overlay is a lookup that sees props at path instead of the stored data.
type overlay struct {
	oneShot
	path  string
	props ast.Props
}

func (o overlay) Props(path string) (ast.Props, bool, error) {
	if path == o.path {
		return o.props, true, nil
	}
	return o.oneShot.Props(path)
}

// waitVersion waits until the view shows at least version of the node at
// real, has moved to another node, is closed, or ctx ends.
func (v *Properties) waitVersion(ctx context.Context, real string, version int32) {
	for {
		v.mu.RLock()
		done := v.err != nil || v.real != real || v.version >= version
		changed := v.changed
		v.mu.RUnlock()
		if done {
			return
		}
		select {
		case <-changed:
		case <-v.core.done:
			return
		case <-ctx.Done():
			return
		}
	}
}
