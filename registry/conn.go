package registry

import (
	"context"
	"sync"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/zkconn"
)

// backend is what a [Client] needs from a ZooKeeper session: plain
// operations and watches, with paths as the caller sees them.
// *zkconn.Client implements it; [rawConn] adapts an existing *zk.Conn.
type backend interface {
	Get(ctx context.Context, path string) ([]byte, *zk.Stat, error)
	Children(ctx context.Context, path string) ([]string, *zk.Stat, error)
	Exists(ctx context.Context, path string) (*zk.Stat, error)
	Create(ctx context.Context, path string, data []byte, flags int32, acl []zk.ACL) (string, error)
	Set(ctx context.Context, path string, data []byte, version int32) (*zk.Stat, error)
	Delete(ctx context.Context, path string, version int32) error
	GetW(ctx context.Context, path string) ([]byte, *zk.Stat, <-chan zk.Event, error)
	ChildrenW(ctx context.Context, path string) ([]string, *zk.Stat, <-chan zk.Event, error)
	ExistsW(ctx context.Context, path string) (*zk.Stat, <-chan zk.Event, error)
	SessionID() int64
	State() zk.State
}

var (
	_ backend = (*zkconn.Client)(nil)
	_ backend = (*redialing)(nil)
)

// rawConn adapts a *zk.Conn that the caller made and owns (no chroot).
type rawConn struct{ conn *zk.Conn }

func (r rawConn) SessionID() int64 { return r.conn.SessionID() }
func (r rawConn) State() zk.State  { return r.conn.State() }

// call runs f, returning early with ctx's error when ctx is done first, and
// wraps a failure as a *zkconn.Error for op on path.
func call(ctx context.Context, op, path string, f func() error) error {
	err := ctx.Err()
	if err == nil {
		if ctx.Done() == nil {
			err = f()
		} else {
			done := make(chan error, 1)
			go func() { done <- f() }()
			select {
			case err = <-done:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
	}
	if err == nil {
		return nil
	}
	return &zkconn.Error{Op: op, Path: path, Err: err}
}

func (r rawConn) Get(ctx context.Context, path string) (data []byte, st *zk.Stat, err error) {
	err = call(ctx, "get", path, func() (err error) { data, st, err = r.conn.Get(path); return err })
	return data, st, err
}

func (r rawConn) Children(ctx context.Context, path string) (names []string, st *zk.Stat, err error) {
	err = call(ctx, "list", path, func() (err error) { names, st, err = r.conn.Children(path); return err })
	return names, st, err
}

func (r rawConn) Exists(ctx context.Context, path string) (st *zk.Stat, err error) {
	var ok bool
	err = call(ctx, "exists", path, func() (err error) { ok, st, err = r.conn.Exists(path); return err })
	if !ok {
		st = nil
	}
	return st, err
}

func (r rawConn) Create(ctx context.Context, path string, data []byte, flags int32, acl []zk.ACL) (created string, err error) {
	err = call(ctx, "create", path, func() (err error) { created, err = r.conn.Create(path, data, flags, acl); return err })
	return created, err
}

func (r rawConn) Set(ctx context.Context, path string, data []byte, version int32) (st *zk.Stat, err error) {
	err = call(ctx, "set", path, func() (err error) { st, err = r.conn.Set(path, data, version); return err })
	return st, err
}

func (r rawConn) Delete(ctx context.Context, path string, version int32) error {
	return call(ctx, "delete", path, func() error { return r.conn.Delete(path, version) })
}

func (r rawConn) GetW(ctx context.Context, path string) (data []byte, st *zk.Stat, ch <-chan zk.Event, err error) {
	err = call(ctx, "get", path, func() (err error) { data, st, ch, err = r.conn.GetW(path); return err })
	return data, st, ch, err
}

func (r rawConn) ChildrenW(ctx context.Context, path string) (names []string, st *zk.Stat, ch <-chan zk.Event, err error) {
	err = call(ctx, "list", path, func() (err error) { names, st, ch, err = r.conn.ChildrenW(path); return err })
	return names, st, ch, err
}

func (r rawConn) ExistsW(ctx context.Context, path string) (st *zk.Stat, ch <-chan zk.Event, err error) {
	var ok bool
	err = call(ctx, "exists", path, func() (err error) { ok, st, ch, err = r.conn.ExistsW(path); return err })
	if !ok {
		st = nil
	}
	return st, ch, err
}

// redialing is the backend of a client made by [Dial]: a zkconn session
// that the client replaces with a new one when the old cannot come back
// (see [Client.monitor]). Operations go to the current session; a watch
// set on a replaced session fires EventNotWatching when it is closed.
type redialing struct {
	addr    string
	opts    []zkconn.Option
	timeout time.Duration // the session timeout asked for

	mu   sync.Mutex
	cur  *zkconn.Client
	gen  int       // bumped by each replacement
	lost time.Time // when the current session was last seen missing; zero while it is there
	// refused counts the connections the server accepted and then closed
	// without a session since the session was last there: a server that
	// does not know the session's history (it restarted without its data)
	// refuses every one.
	refused   int
	firstRef  time.Time // when the first of those refusals came
	connected bool      // a connection is open and the session not yet confirmed
}

// event tracks the session state of generation gen from its events.
func (r *redialing) event(gen int, ev zk.Event) {
	if ev.Type != zk.EventSession {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if gen != r.gen {
		return
	}
	switch ev.State {
	case zk.StateHasSession:
		r.lost, r.refused, r.connected = time.Time{}, 0, false
	case zk.StateConnected:
		r.connected = true
	case zk.StateDisconnected, zk.StateExpired, zk.StateConnecting:
		if r.lost.IsZero() {
			r.lost = time.Now()
		}
		if r.connected && ev.State == zk.StateDisconnected {
			if r.refused == 0 {
				r.firstRef = time.Now()
			}
			r.refused++
		}
		r.connected = false
	}
}

// Replace the session after this many refused handshakes in a row over at
// least refusalSpan (a member of an ensemble refuses sessions for a moment
// during a leader election), or after it was missing for longer than its
// timeout (by then the ensemble has ended it anyway).
const (
	refusalsToRedial = 3
	refusalSpan      = 2 * time.Second
)

// stale reports whether the current session is beyond recovery: missing
// for longer than the session timeout, or refused by a server that accepts
// connections.
func (r *redialing) stale() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.lost.IsZero() && (r.refused >= refusalsToRedial && time.Since(r.firstRef) >= refusalSpan ||
		time.Since(r.lost) > r.timeout)
}

// current returns the current session.
func (r *redialing) current() *zkconn.Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// redial replaces the current session with a new one; the old one is
// closed, which fires its pending watches.
func (r *redialing) redial(ctx context.Context, onEvent func(zk.Event)) error {
	r.mu.Lock()
	gen := r.gen + 1
	r.mu.Unlock()
	fresh, err := zkconn.Dial(ctx, r.addr, append(r.opts, zkconn.WithEventCallback(func(ev zk.Event) {
		r.event(gen, ev)
		onEvent(ev)
	}))...)
	if err != nil {
		return err
	}
	r.mu.Lock()
	old := r.cur
	r.cur, r.gen = fresh, gen
	r.lost, r.refused, r.connected = time.Time{}, 0, false
	r.mu.Unlock()
	old.Close()
	return nil
}

// Close ends the current session.
func (r *redialing) Close() { r.current().Close() }

func (r *redialing) SessionID() int64 { return r.current().SessionID() }
func (r *redialing) State() zk.State  { return r.current().State() }

func (r *redialing) Get(ctx context.Context, path string) ([]byte, *zk.Stat, error) {
	return r.current().Get(ctx, path)
}

func (r *redialing) Children(ctx context.Context, path string) ([]string, *zk.Stat, error) {
	return r.current().Children(ctx, path)
}

func (r *redialing) Exists(ctx context.Context, path string) (*zk.Stat, error) {
	return r.current().Exists(ctx, path)
}

func (r *redialing) Create(ctx context.Context, path string, data []byte, flags int32, acl []zk.ACL) (string, error) {
	return r.current().Create(ctx, path, data, flags, acl)
}

func (r *redialing) Set(ctx context.Context, path string, data []byte, version int32) (*zk.Stat, error) {
	return r.current().Set(ctx, path, data, version)
}

func (r *redialing) Delete(ctx context.Context, path string, version int32) error {
	return r.current().Delete(ctx, path, version)
}

func (r *redialing) GetW(ctx context.Context, path string) ([]byte, *zk.Stat, <-chan zk.Event, error) {
	return r.current().GetW(ctx, path)
}

func (r *redialing) ChildrenW(ctx context.Context, path string) ([]string, *zk.Stat, <-chan zk.Event, error) {
	return r.current().ChildrenW(ctx, path)
}

func (r *redialing) ExistsW(ctx context.Context, path string) (*zk.Stat, <-chan zk.Event, error) {
	return r.current().ExistsW(ctx, path)
}
