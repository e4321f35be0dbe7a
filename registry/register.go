package registry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"sync"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// Registering describes a registration about to be made, for the hook set
// with [WithRegisterHook].
type Registering struct {
	Addr  string    // the address as given (a blank host is not yet expanded)
	Path  string    // the resolved path the nodes go under
	Props ast.Props // the node's properties, pid included; the hook may add some
}

// RegisterOption configures one [Client.Register] call.
type RegisterOption func(*regOptions)

type regOptions struct{ acl []zk.ACL }

// WithACL sets the ACL of the registration nodes (default: anyone may read,
// nobody may change them).
func WithACL(acl []zk.ACL) RegisterOption {
	return func(o *regOptions) { o.acl = acl }
}

// Registration is a service registered by [Client.Register]: one ephemeral
// node per address. It lasts until it is closed or its client is closed,
// through session expiry: the client re-creates its nodes in a new session.
type Registration struct {
	c     *Client
	nodes []*regNode
}

// Paths returns the paths of the registration's nodes.
func (r *Registration) Paths() []string {
	out := make([]string, len(r.nodes))
	for i, n := range r.nodes {
		out[i] = n.path
	}
	return out
}

// Close deletes the registration's nodes.
func (r *Registration) Close(ctx context.Context) error {
	return r.c.deregister(ctx, r.nodes)
}

// AlreadyRegisteredError reports a second registration of the same address
// under the same path, by this client or by another live session.
type AlreadyRegisteredError struct {
	Path  string // the node's path
	Owner int64  // the session owning the node (0: a persistent node)
	Ours  bool   // this client registered it
}

func (e *AlreadyRegisteredError) Error() string {
	if e.Ours {
		return fmt.Sprintf("%s is already registered by this client", e.Path)
	}
	if e.Owner == 0 {
		return fmt.Sprintf("cannot register %s: a persistent node of that name exists", e.Path)
	}
	return fmt.Sprintf("cannot register %s: it is registered by another live session (0x%x)", e.Path, e.Owner)
}

// Register registers the service at addr ("HOST:PORT") under path (links
// resolved): an ephemeral node named after the address, whose data are
// props plus "pid" (this process id), as JSON. A blank host (":PORT")
// registers every non-loopback IPv4 address of the machine, or the loopback
// ones when there are no others. The hook set with [WithRegisterHook] may
// add properties first. Registering an address already registered under
// path fails with an [*AlreadyRegisteredError], except that a node left by
// an expired session of this client is replaced.
func (c *Client) Register(ctx context.Context, path, addr string, props ast.Props, opts ...RegisterOption) (*Registration, error) {
	if c.isClosed() {
		return nil, errClosed
	}
	o := regOptions{acl: zkconn.ReadACL}
	for _, opt := range opts {
		opt(&o)
	}
	real, err := c.Resolve(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("register at %s: %w", path, err)
	}
	addrs, err := expandAddr(addr, c.ifaddrs)
	if err != nil {
		return nil, err
	}
	p := maps.Clone(props)
	if p == nil {
		p = ast.Props{}
	}
	p["pid"] = ast.Int(int64(os.Getpid()))
	if c.hook != nil {
		c.hook(&Registering{Addr: addr, Path: real, Props: p})
	}
	data, err := nodedata.Encode(p)
	if err != nil {
		return nil, fmt.Errorf("register %s at %s: %w", addr, real, err)
	}
	reg := &Registration{c: c}
	for _, a := range addrs {
		n, err := c.addReg(ast.JoinPath(real, a), data, o.acl)
		if err == nil {
			reg.nodes = append(reg.nodes, n)
			err = n.ensure(ctx)
		}
		if err != nil {
			return nil, errors.Join(err, reg.Close(ctx))
		}
	}
	return reg, nil
}

func (c *Client) addReg(path string, data []byte, acl []zk.ACL) (*regNode, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	if _, ok := c.regs[path]; ok {
		return nil, &AlreadyRegisteredError{Path: path, Ours: true}
	}
	n := &regNode{c: c, path: path, data: data, acl: acl}
	c.regs[path] = n
	return n, nil
}

// deregister deletes the nodes of regs, at once.
func (c *Client) deregister(ctx context.Context, regs []*regNode) error {
	errs := make([]error, len(regs))
	var wg sync.WaitGroup
	for i, n := range regs {
		c.mu.Lock()
		if c.regs[n.path] == n {
			delete(c.regs, n.path)
		}
		c.mu.Unlock()
		wg.Go(func() { errs[i] = n.remove(ctx) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// regNode is one ephemeral registration node. It watches its node, so that
// it notices deletion and the loss of its session.
type regNode struct {
	c    *Client
	path string
	data []byte
	acl  []zk.ACL

	mu      sync.Mutex // serialises ensure and remove
	closed  bool
	made    bool   // the node was created once
	ok      bool   // the node is known to be in place in the current session
	connErr bool   // the last ensure failed for want of a connection
	failed  string // the last failure ensureIfNeeded returned
}

// invalidate marks the node for restoring (the session changed).
func (n *regNode) invalidate() {
	n.mu.Lock()
	n.ok = false
	n.mu.Unlock()
}

// ensureIfNeeded is ensure unless the node is known to be in place. Of
// repeated failures, it returns only the first; retry reports whether the
// connection was missing.
func (n *regNode) ensureIfNeeded(ctx context.Context) (report error, retry bool) {
	n.mu.Lock()
	ok := n.ok
	n.mu.Unlock()
	if ok {
		return nil, false
	}
	err := n.ensure(ctx)
	n.mu.Lock()
	defer n.mu.Unlock()
	if err == nil {
		n.failed = ""
		return nil, false
	}
	retry = n.connErr
	if err.Error() == n.failed {
		return nil, retry
	}
	n.failed = err.Error()
	return err, retry
}

// ensure makes sure the node exists and belongs to the current session: it
// creates it when it is missing and replaces it when an earlier session of
// this client left it; a node of another session is left alone (and an
// error returned) but watched, so that it is taken over once it goes.
func (n *regNode) ensure(ctx context.Context) error {
	restored, err := n.ensureLocked(ctx)
	if restored && n.c.onRestore != nil {
		n.c.onRestore(n.path)
	}
	return err
}

// ensureLocked is ensure under n.mu; restored reports that it created the
// node again after it had been in place.
func (n *regNode) ensureLocked(ctx context.Context) (restored bool, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	defer func() { n.ok, n.connErr = err == nil, isConnErr(err) }()
	if n.closed {
		return false, nil
	}
	// Watch the node: its deletion or the loss of the session wakes n.
	r, err := n.c.hub.read(watchKey{n.path, watchExists}, n)
	if err != nil {
		return false, fmt.Errorf("register %s: %w", n.path, err)
	}
	st := r.stat
	for range 5 {
		if st == nil {
			_, err = n.c.zk.Create(ctx, n.path, n.data, zk.FlagEphemeral, n.acl)
			if err == nil {
				restored, n.made = n.made, true
				return restored, nil
			}
			if !errors.Is(err, zk.ErrNodeExists) {
				return false, wrapErr("register", n.path, err)
			}
			if st, err = n.c.zk.Exists(ctx, n.path); err != nil {
				return false, wrapErr("register", n.path, err)
			}
			continue
		}
		owner := st.EphemeralOwner
		switch {
		case owner == n.c.zk.SessionID():
			return false, nil
		case owner != 0 && n.c.isPast(owner):
			err = n.c.zk.Delete(ctx, n.path, st.Version)
			if err != nil && !errors.Is(err, zk.ErrNoNode) && !errors.Is(err, zk.ErrBadVersion) {
				return false, fmt.Errorf("replace %s left by an expired session: %w", n.path, err)
			}
			if st, err = n.c.zk.Exists(ctx, n.path); err != nil {
				return false, wrapErr("register", n.path, err)
			}
		default:
			return false, &AlreadyRegisteredError{Path: n.path, Owner: owner}
		}
	}
	return false, fmt.Errorf("register %s: the node keeps changing", n.path)
}

// wrapErr wraps a non-nil err as "op path: err".
func wrapErr(op, path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s: %w", op, path, err)
}

// wake implements subscriber: the node was deleted or changed, or the
// session was lost; put it back unless the registration is closed. After a
// session loss, the client's monitor does that once the new session is up.
func (n *regNode) wake() {
	c := n.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.regs[n.path] != n {
		return
	}
	c.wg.Go(func() {
		if err := n.ensure(c.ctx); err != nil && !isConnErr(err) {
			c.report(err)
		}
		// On a connection failure the monitor retries.
		c.kickMonitor()
	})
}

// remove deletes the node if it belongs to the current session.
func (n *regNode) remove(ctx context.Context) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.closed = true
	n.c.hub.unsubscribe(n, watchKey{n.path, watchExists})
	st, err := n.c.zk.Exists(ctx, n.path)
	if err != nil || st == nil || st.EphemeralOwner != n.c.zk.SessionID() {
		return err
	}
	err = n.c.zk.Delete(ctx, n.path, st.Version)
	if errors.Is(err, zk.ErrNoNode) {
		return nil
	}
	return err
}
