package zkconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-zookeeper/zk"
)

// Types shared with github.com/go-zookeeper/zk, so that users of this
// package need not import it.
type (
	// Stat is a node's metadata (versions, child count, ephemeral owner).
	Stat = zk.Stat
	// ACL is one access-control entry.
	ACL = zk.ACL
	// Event is a session or watch event.
	Event = zk.Event
	// State is a session state.
	State = zk.State
)

// Create flags and session states.
const (
	FlagPersistent  = zk.FlagPersistent
	FlagEphemeral   = zk.FlagEphemeral
	FlagSequence    = zk.FlagSequence
	StateHasSession = zk.StateHasSession
	StateExpired    = zk.StateExpired
)

// Default timeouts.
const (
	DefaultSessionTimeout = 10 * time.Second
	DefaultConnectTimeout = 10 * time.Second
)

// Option configures [Dial].
type Option func(*config)

type config struct {
	sessionTimeout time.Duration
	connectTimeout time.Duration
	auth           string
	onEvent        func(Event)
}

// WithSessionTimeout sets the session timeout (default 10 s, as zc.zk).
func WithSessionTimeout(d time.Duration) Option {
	return func(c *config) { c.sessionTimeout = d }
}

// WithConnectTimeout sets how long [Dial] waits for a session before it
// gives up with [ErrUnreachable] (default 10 s).
func WithConnectTimeout(d time.Duration) Option {
	return func(c *config) { c.connectTimeout = d }
}

// WithAuth adds digest credentials "user:password" to the session; ""
// means none.
func WithAuth(userPassword string) Option {
	return func(c *config) { c.auth = userPassword }
}

// WithEventCallback calls fn for every session and watch event; fn must not
// block. Watch event paths are as the caller sees them (inside the chroot).
func WithEventCallback(fn func(Event)) Option {
	return func(c *config) { c.onEvent = fn }
}

// Client is a ZooKeeper session with chroot handling and context-aware
// operations. It implements [Store] and is safe for concurrent use;
// concurrent calls are pipelined on the one connection.
type Client struct {
	conn   *zk.Conn
	target Target
	addr   string
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// Dial connects to the ensemble named by the connection string addr (see
// [ParseAddress]) and waits until a session is established, at most the
// connect timeout or until ctx is done. An unreachable server yields an
// error wrapping [ErrUnreachable], never a hang; a chroot that does not
// exist is an error wrapping [ErrNoNode].
func Dial(ctx context.Context, addr string, opts ...Option) (*Client, error) {
	cfg := config{sessionTimeout: DefaultSessionTimeout, connectTimeout: DefaultConnectTimeout}
	for _, o := range opts {
		o(&cfg)
	}
	target, err := ParseAddress(addr)
	if err != nil {
		return nil, err
	}
	user, _, hasAuth := strings.Cut(cfg.auth, ":")
	if cfg.auth != "" && (!hasAuth || user == "") {
		return nil, fmt.Errorf("bad credentials %q: want user:password", cfg.auth)
	}
	c := &Client{target: target, addr: addr}
	ready := make(chan struct{})
	var once sync.Once
	callback := func(ev Event) {
		if ev.Type == zk.EventSession && ev.State == zk.StateHasSession {
			once.Do(func() { close(ready) })
		}
		if cfg.onEvent != nil {
			if ev.Path != "" {
				ev.Path = target.local(ev.Path)
			}
			cfg.onEvent(ev)
		}
	}
	refused := newRefusals()
	conn, _, err := zk.Connect(target.Servers, cfg.sessionTimeout, zk.WithDialer(refused.dial),
		zk.WithLogger(quietLogger{}), zk.WithLogInfo(false), zk.WithEventCallback(callback))
	if err != nil {
		return nil, fmt.Errorf("connect to ZooKeeper at %s: %w", addr, err)
	}
	c.conn = conn
	timer := time.NewTimer(cfg.connectTimeout)
	defer timer.Stop()
	select {
	case <-ready:
	case <-timer.C:
		conn.Close()
		return nil, fmt.Errorf("cannot connect to ZooKeeper at %s: no session within %s: %w", addr, cfg.connectTimeout, ErrUnreachable)
	case <-refused.all:
		conn.Close()
		return nil, fmt.Errorf("cannot connect to ZooKeeper at %s: connection refused: %w", addr, ErrUnreachable)
	case <-ctx.Done():
		conn.Close()
		return nil, fmt.Errorf("cannot connect to ZooKeeper at %s: %w", addr, ctx.Err())
	}
	if cfg.auth != "" {
		if _, err := do(ctx, func() (struct{}, error) { return struct{}{}, conn.AddAuth("digest", []byte(cfg.auth)) }); err != nil {
			conn.Close()
			return nil, fmt.Errorf("authenticate as %s: %w", user, err)
		}
	}
	if target.Chroot != "" {
		// Without this, a missing chroot shows as a missing "/".
		ok, err := do(ctx, func() (bool, error) { ok, _, err := conn.Exists(target.Chroot); return ok, err })
		if err == nil && !ok {
			err = &Error{Op: "chroot", Path: target.Chroot, Err: ErrNoNode}
		}
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("connect to ZooKeeper at %s: %w", addr, err)
		}
	}
	return c, nil
}

// refusals watches the connection attempts of a session being set up and
// closes all once every server address has refused a connection in one
// round (ZooKeeper's client tries each address in turn, then pauses for a
// second and starts again): nothing listens at any of them, so Dial need
// not wait out its timeout. A round with a timeout or any other failure
// does not count, since such a server may just be slow.
type refusals struct {
	mu         sync.Mutex
	tried      map[string]bool // addresses tried in this round
	allRefused bool            // every attempt of this round was refused
	all        chan struct{}
	once       sync.Once
}

func newRefusals() *refusals {
	return &refusals{tried: map[string]bool{}, allRefused: true, all: make(chan struct{})}
}

// dial is the session's dialer.
func (r *refusals) dial(network, address string, timeout time.Duration) (net.Conn, error) {
	c, err := net.DialTimeout(network, address, timeout)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tried[address] {
		// The client is back at an address it tried: a round ended.
		if r.allRefused {
			r.once.Do(func() { close(r.all) })
		}
		r.tried, r.allRefused = map[string]bool{}, true
	}
	r.tried[address] = true
	switch {
	case err == nil:
		r.tried, r.allRefused = map[string]bool{}, true
	case !errors.Is(err, syscall.ECONNREFUSED):
		r.allRefused = false
	}
	return c, err
}

// Close ends the session; its ephemeral nodes go away.
func (c *Client) Close() { c.conn.Close() }

// Addr returns the connection string the client was made with.
func (c *Client) Addr() string { return c.addr }

// Chroot returns the chroot path ("" for none).
func (c *Client) Chroot() string { return c.target.Chroot }

// State returns the session state.
func (c *Client) State() State { return c.conn.State() }

// SessionID returns the session id, which is the EphemeralOwner of the
// ephemeral nodes this client creates.
func (c *Client) SessionID() int64 { return c.conn.SessionID() }

// do calls f, returning early with ctx's error when ctx is done first; f
// then finishes in the background and its result is dropped.
func do[T any](ctx context.Context, f func() (T, error)) (T, error) {
	var zero T
	if ctx.Done() == nil {
		return f()
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// read is the result of a read: data or child names, stat, ACL, watch.
type read struct {
	data  []byte
	names []string
	stat  *Stat
	acl   []ACL
	ok    bool
	watch <-chan Event
}

// Get returns a node's data and stat.
func (c *Client) Get(ctx context.Context, path string) ([]byte, *Stat, error) {
	r, err := do(ctx, func() (read, error) {
		data, st, err := c.conn.Get(c.target.full(path))
		return read{data: data, stat: st}, err
	})
	return r.data, r.stat, wrap("get", path, err)
}

// Children returns a node's child names (unsorted) and its stat.
func (c *Client) Children(ctx context.Context, path string) ([]string, *Stat, error) {
	r, err := do(ctx, func() (read, error) {
		names, st, err := c.conn.Children(c.target.full(path))
		return read{names: names, stat: st}, err
	})
	return r.names, r.stat, wrap("list", path, err)
}

// Exists returns a node's stat, or nil (and no error) when it is missing.
func (c *Client) Exists(ctx context.Context, path string) (*Stat, error) {
	r, err := do(ctx, func() (read, error) {
		ok, st, err := c.conn.Exists(c.target.full(path))
		return read{ok: ok, stat: st}, err
	})
	if err != nil || !r.ok {
		return nil, wrap("exists", path, err)
	}
	return r.stat, nil
}

// Create creates a node and returns its path (which differs from path for
// sequence nodes).
func (c *Client) Create(ctx context.Context, path string, data []byte, flags int32, acl []ACL) (string, error) {
	created, err := do(ctx, func() (string, error) {
		return c.conn.Create(c.target.full(path), data, flags, acl)
	})
	if err != nil {
		return "", wrap("create", path, err)
	}
	return c.target.local(created), nil
}

// Set replaces a node's data if its version matches (-1: any version).
func (c *Client) Set(ctx context.Context, path string, data []byte, version int32) (*Stat, error) {
	st, err := do(ctx, func() (*Stat, error) {
		return c.conn.Set(c.target.full(path), data, version)
	})
	return st, wrap("set", path, err)
}

// Delete deletes a node without children if its version matches (-1: any).
func (c *Client) Delete(ctx context.Context, path string, version int32) error {
	_, err := do(ctx, func() (struct{}, error) {
		return struct{}{}, c.conn.Delete(c.target.full(path), version)
	})
	return wrap("delete", path, err)
}

// GetACL returns a node's ACL and stat.
func (c *Client) GetACL(ctx context.Context, path string) ([]ACL, *Stat, error) {
	r, err := do(ctx, func() (read, error) {
		acl, st, err := c.conn.GetACL(c.target.full(path))
		return read{acl: acl, stat: st}, err
	})
	return r.acl, r.stat, wrap("get ACL of", path, err)
}

// SetACL replaces a node's ACL if its ACL version matches (-1: any).
func (c *Client) SetACL(ctx context.Context, path string, acl []ACL, aversion int32) (*Stat, error) {
	st, err := do(ctx, func() (*Stat, error) {
		return c.conn.SetACL(c.target.full(path), acl, aversion)
	})
	return st, wrap("set ACL of", path, err)
}

// GetW is [Client.Get] that also sets a data watch.
func (c *Client) GetW(ctx context.Context, path string) ([]byte, *Stat, <-chan Event, error) {
	r, err := do(ctx, func() (read, error) {
		data, st, ch, err := c.conn.GetW(c.target.full(path))
		return read{data: data, stat: st, watch: ch}, err
	})
	return r.data, r.stat, c.localEvents(r.watch), wrap("get", path, err)
}

// ChildrenW is [Client.Children] that also sets a child watch.
func (c *Client) ChildrenW(ctx context.Context, path string) ([]string, *Stat, <-chan Event, error) {
	r, err := do(ctx, func() (read, error) {
		names, st, ch, err := c.conn.ChildrenW(c.target.full(path))
		return read{names: names, stat: st, watch: ch}, err
	})
	return r.names, r.stat, c.localEvents(r.watch), wrap("list", path, err)
}

// ExistsW is [Client.Exists] that also sets a watch for creation, change
// or deletion.
func (c *Client) ExistsW(ctx context.Context, path string) (*Stat, <-chan Event, error) {
	r, err := do(ctx, func() (read, error) {
		ok, st, ch, err := c.conn.ExistsW(c.target.full(path))
		return read{ok: ok, stat: st, watch: ch}, err
	})
	if !r.ok {
		r.stat = nil
	}
	return r.stat, c.localEvents(r.watch), wrap("exists", path, err)
}

// localEvents rewrites watch event paths to the caller's view.
func (c *Client) localEvents(ch <-chan Event) <-chan Event {
	if ch == nil || c.target.Chroot == "" {
		return ch
	}
	out := make(chan Event, 1)
	go func() {
		defer close(out)
		for ev := range ch {
			if ev.Path != "" {
				ev.Path = c.target.local(ev.Path)
			}
			out <- ev
		}
	}()
	return out
}
