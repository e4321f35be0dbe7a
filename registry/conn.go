package registry

import (
	"context"

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

var _ backend = (*zkconn.Client)(nil)

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
