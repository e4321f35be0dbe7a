package registry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// Client registers services and opens live views on one ZooKeeper session.
// It notices when the session is replaced (after it expired) and then
// re-creates its registrations and resynchronises its views. It is safe for
// concurrent use.
type Client struct {
	zk        backend
	owned     *redialing // the sessions Dial makes, closed by Close; nil for New
	hub       *hub
	hook      func(*Registering)
	onError   func(error)
	onRestore func(path string)
	onSession func(zk.Event) // the session event handler of a redialled session
	ifaddrs   func() ([]net.Addr, error)

	ctx     context.Context // cancelled by Close
	cancel  context.CancelFunc
	kick    chan struct{}
	done    chan struct{} // closed when the session monitor has stopped
	wg      sync.WaitGroup
	running sync.WaitGroup // one per view executor running

	mu      sync.Mutex
	closed  bool
	session int64
	past    map[int64]bool // the earlier sessions of this client
	regs    map[string]*regNode
	views   map[*viewCore]struct{}
}

// Option configures a [Client].
type Option func(*options)

type options struct {
	zk        []zkconn.Option
	timeout   time.Duration // the session timeout
	wait      bool
	hook      func(*Registering)
	onError   func(error)
	onRestore func(path string)
}

// WithSessionTimeout sets the session timeout of a client made by [Dial]
// (default 10 s).
func WithSessionTimeout(d time.Duration) Option {
	return func(o *options) {
		o.zk = append(o.zk, zkconn.WithSessionTimeout(d))
		o.timeout = d
	}
}

// WithConnectTimeout sets how long [Dial] waits for a session before it
// fails with an error wrapping zkconn.ErrUnreachable (default 10 s).
func WithConnectTimeout(d time.Duration) Option {
	return func(o *options) { o.zk = append(o.zk, zkconn.WithConnectTimeout(d)) }
}

// WithWait makes [Dial] keep trying while the ensemble is unreachable,
// once a second after each connect timeout, until it gets a session or
// ctx ends: for a service that may start before ZooKeeper does.
func WithWait() Option {
	return func(o *options) { o.wait = true }
}

// WithAuth adds digest credentials "user:password" to a session made by
// [Dial].
func WithAuth(userPassword string) Option {
	return func(o *options) { o.zk = append(o.zk, zkconn.WithAuth(userPassword)) }
}

// WithRegisterHook calls fn before each registration node is created; fn may
// add properties to r.Props.
func WithRegisterHook(fn func(r *Registering)) Option {
	return func(o *options) { o.hook = fn }
}

// WithErrorHandler calls fn with the failures of background work, such as
// re-creating a registration after the session was replaced. By default
// they are dropped.
func WithErrorHandler(fn func(error)) Option {
	return func(o *options) { o.onError = fn }
}

// WithRestoreHandler calls fn with the path of each registration node the
// client creates again after it was lost (its session expired, or someone
// deleted it). fn runs on a background goroutine and must not block long.
func WithRestoreHandler(fn func(path string)) Option {
	return func(o *options) { o.onRestore = fn }
}

// Dial connects to the ensemble named by the connection string addr ("" for
// the default: $ZC_ZK_CONNECTION_STRING, else 127.0.0.1:2181; a chroot
// suffix and digest auth are honoured) and waits until the session is
// established, failing with a clear error (wrapping zkconn.ErrUnreachable)
// when it cannot connect in time; with [WithWait] it keeps trying until ctx
// ends. Close ends the session.
//
// When the session cannot come back, the client starts a new one itself:
// after it has been disconnected for longer than the session timeout (the
// ensemble has ended it by then), or at once when a server takes the
// connection but keeps refusing the session, as a server restarted without
// its data does (it has not seen the client's last transaction).
func Dial(ctx context.Context, addr string, opts ...Option) (*Client, error) {
	o := options{timeout: zkconn.DefaultSessionTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	var made atomic.Pointer[Client]
	events := func(ev zk.Event) {
		if c := made.Load(); c != nil && ev.Type == zk.EventSession {
			c.kickMonitor()
		}
	}
	r := &redialing{addr: zkconn.Address(addr), opts: o.zk, timeout: o.timeout}
	zkOpts := append(slices.Clip(o.zk), zkconn.WithEventCallback(func(ev zk.Event) {
		r.event(0, ev)
		events(ev)
	}))
	store, err := zkconn.Dial(ctx, r.addr, zkOpts...)
	for o.wait && errors.Is(err, zkconn.ErrUnreachable) {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (gave up waiting: %w)", err, ctx.Err())
		case <-time.After(time.Second):
		}
		store, err = zkconn.Dial(ctx, r.addr, zkOpts...)
	}
	if err != nil {
		return nil, err
	}
	r.cur = store
	c := newClient(r, o)
	c.owned = r
	c.onSession = events
	made.Store(c)
	return c, nil
}

// New returns a client working on conn, a session the caller made and keeps
// owning: Close removes the client's registrations and stops its views but
// leaves conn open (a watch still pending, or a read waiting for conn to
// reconnect, then keeps one goroutine until it ends or conn is closed). Of
// opts, only the register hook and the error and restore handlers apply.
// Paths are conn's (go-zookeeper/zk has no chroot).
func New(conn *zk.Conn, opts ...Option) *Client {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return newClient(rawConn{conn}, o)
}

func newClient(b backend, o options) *Client {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		zk: b, hook: o.hook, onError: o.onError, onRestore: o.onRestore, ifaddrs: net.InterfaceAddrs,
		ctx: ctx, cancel: cancel, kick: make(chan struct{}, 1), done: make(chan struct{}),
		session: b.SessionID(), past: map[int64]bool{},
		regs: map[string]*regNode{}, views: map[*viewCore]struct{}{},
	}
	c.hub = newHub(b, c.kickMonitor)
	go c.monitor()
	return c
}

// Close is [Client.Shutdown] with 5 s for deleting the registrations.
func (c *Client) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.Shutdown(ctx)
}

// Shutdown removes the client's registrations at once, closes its views
// and, for a client made by [Dial], ends the session (which removes any
// registration node ctx left no time to delete). Later calls do nothing.
func (c *Client) Shutdown(ctx context.Context) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	regs := mapValues(c.regs)
	views := mapKeys(c.views)
	c.mu.Unlock()
	for _, v := range views {
		v.close(false)
	}
	err := c.deregister(ctx, regs)
	c.cancel()
	<-c.done
	c.wg.Wait()
	if c.owned != nil {
		// Closing the session ends the reads still under way, which may be
		// waiting for the connection to come back.
		c.owned.Close()
		c.hub.wg.Wait()
		c.running.Wait()
	}
	return err
}

func mapKeys[K comparable, V any](m map[K]V) []K {
	return slices.Collect(maps.Keys(m))
}

func mapValues[K comparable, V any](m map[K]V) []V {
	return slices.Collect(maps.Values(m))
}

// SessionID returns the id of the current session.
func (c *Client) SessionID() int64 { return c.zk.SessionID() }

// kickMonitor asks the session monitor to look at the session now.
func (c *Client) kickMonitor() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// How often the monitor looks at the session: slowly while it is there,
// quickly while it is being re-established.
const (
	pollSlow = time.Second
	pollFast = 50 * time.Millisecond
)

// monitor notices a new session (the session id changes when the old one
// expired) and then restores the registrations and wakes every view. Session
// events (for a client made by [Dial]) and lost watches kick it; polling
// covers a caller-owned connection whose events it cannot see, and retries
// registrations that could not be restored.
func (c *Client) monitor() {
	defer close(c.done)
	t := time.NewTimer(pollSlow)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.kick:
		case <-t.C:
		}
		interval := pollSlow
		if !c.checkSession() {
			c.redialIfStale()
			interval = pollFast
		} else if c.restore() {
			interval = pollFast
		}
		t.Reset(interval)
	}
}

// redialIfStale starts a new session for a client made by [Dial] when
// the current one cannot come back.
func (c *Client) redialIfStale() {
	if c.owned == nil || !c.owned.stale() {
		return
	}
	if err := c.owned.redial(c.ctx, c.onSession); err != nil {
		c.report(fmt.Errorf("new session: %w", err))
		return
	}
	c.checkSession()
}

// checkSession reports whether there is a session. When it is a new one, it
// marks every registration for restoring and wakes every view.
func (c *Client) checkSession() bool {
	id := c.zk.SessionID()
	if id == 0 || c.zk.State() != zk.StateHasSession {
		return false
	}
	c.mu.Lock()
	if id == c.session || c.closed {
		c.mu.Unlock()
		return true
	}
	if c.session != 0 {
		c.past[c.session] = true
	}
	c.session = id
	regs := mapValues(c.regs)
	views := mapKeys(c.views)
	c.mu.Unlock()
	for _, r := range regs {
		r.invalidate()
	}
	for _, v := range views {
		v.wake()
	}
	return true
}

// restore makes sure the registrations not known to be in place are; it
// reports whether one failed for want of a connection.
func (c *Client) restore() (retry bool) {
	c.mu.Lock()
	regs := mapValues(c.regs)
	c.mu.Unlock()
	for _, r := range regs {
		err, again := r.ensureIfNeeded(c.ctx)
		if err != nil {
			c.report(err)
		}
		retry = retry || again
	}
	return retry
}

// isPast reports whether id is an earlier session of this client.
func (c *Client) isPast(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.past[id]
}

func (c *Client) report(err error) {
	if c.onError != nil && !errors.Is(err, context.Canceled) {
		c.onError(err)
	}
}

func (c *Client) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// track adds a view to the client; it fails when the client is closed.
func (c *Client) track(v *viewCore) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return errClosed
	}
	c.views[v] = struct{}{}
	return nil
}

func (c *Client) forget(v *viewCore) {
	c.mu.Lock()
	delete(c.views, v)
	c.mu.Unlock()
}

var errClosed = errors.New("registry: client is closed")

// Plain operations, with paths as given (no link resolution) and no watch.

// Get returns a node's data and stat.
func (c *Client) Get(ctx context.Context, path string) ([]byte, *zk.Stat, error) {
	return c.zk.Get(ctx, path)
}

// ListChildren returns a node's child names, unsorted, and its stat.
func (c *Client) ListChildren(ctx context.Context, path string) ([]string, *zk.Stat, error) {
	return c.zk.Children(ctx, path)
}

// Exists returns a node's stat, or nil (and no error) when it is missing.
func (c *Client) Exists(ctx context.Context, path string) (*zk.Stat, error) {
	return c.zk.Exists(ctx, path)
}

// Create creates a node and returns its path.
func (c *Client) Create(ctx context.Context, path string, data []byte, flags int32, acl []zk.ACL) (string, error) {
	return c.zk.Create(ctx, path, data, flags, acl)
}

// Set replaces a node's data if its version matches (-1: any version).
func (c *Client) Set(ctx context.Context, path string, data []byte, version int32) (*zk.Stat, error) {
	return c.zk.Set(ctx, path, data, version)
}

// Delete deletes a node without children if its version matches (-1: any).
func (c *Client) Delete(ctx context.Context, path string, version int32) error {
	return c.zk.Delete(ctx, path, version)
}

// One-shot reads: links resolved, no watch set.

// Resolve returns the real path that path names, following links.
func (c *Client) Resolve(ctx context.Context, path string) (string, error) {
	return eval.Resolve(oneShot{ctx, c.zk}, path)
}

// ReadChildren returns the sorted child names of the node path resolves to.
func (c *Client) ReadChildren(ctx context.Context, path string) ([]string, error) {
	real, err := c.Resolve(ctx, path)
	if err != nil {
		return nil, err
	}
	names, _, err := c.zk.Children(ctx, real)
	if err != nil {
		return nil, err
	}
	return sortedCopy(names), nil
}

// ReadProperties returns the properties of the node path resolves to, with
// property links resolved (see [Properties.Snapshot]), and the links that
// could not be followed.
func (c *Client) ReadProperties(ctx context.Context, path string) (ast.Props, map[string]error, error) {
	l := oneShot{ctx, c.zk}
	real, err := eval.Resolve(l, path)
	if err != nil {
		return nil, nil, err
	}
	raw, ok, err := l.Props(real)
	if err == nil && !ok {
		err = &eval.NoNodeError{Path: path}
	}
	if err != nil {
		return nil, nil, err
	}
	props, bad := resolveLinks(l, path, raw)
	return props, bad, nil
}

// oneShot is an eval.Lookup of plain reads.
type oneShot struct {
	ctx context.Context
	zk  backend
}

func (l oneShot) Exists(path string) (bool, error) {
	if !zkconn.ValidPath(path) {
		return false, nil
	}
	st, err := l.zk.Exists(l.ctx, path)
	return st != nil, err
}

func (l oneShot) Props(path string) (ast.Props, bool, error) {
	if !zkconn.ValidPath(path) {
		return nil, false, nil
	}
	data, _, err := l.zk.Get(l.ctx, path)
	if errors.Is(err, zk.ErrNoNode) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return nodedata.Decode(data), true, nil
}
