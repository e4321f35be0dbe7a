package zkconn

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-zookeeper/zk"
)

// Store is the part of a ZooKeeper session that zksync and registry are
// written against. [*Client] implements it; unit tests may use a fake.
type Store interface {
	Get(ctx context.Context, path string) ([]byte, *Stat, error)
	Children(ctx context.Context, path string) ([]string, *Stat, error)
	// Exists returns nil and no error for a missing node.
	Exists(ctx context.Context, path string) (*Stat, error)
	Create(ctx context.Context, path string, data []byte, flags int32, acl []ACL) (string, error)
	Set(ctx context.Context, path string, data []byte, version int32) (*Stat, error)
	Delete(ctx context.Context, path string, version int32) error
	// Multi applies all ops or none.
	Multi(ctx context.Context, ops ...Op) ([]OpResult, error)
	GetACL(ctx context.Context, path string) ([]ACL, *Stat, error)
	SetACL(ctx context.Context, path string, acl []ACL, aversion int32) (*Stat, error)
}

var _ Store = (*Client)(nil)

// Op is one operation of a [Store.Multi] transaction: [CreateOp], [SetOp],
// [DeleteOp] or [CheckOp].
type Op interface {
	// OpPath returns the path the operation is on.
	OpPath() string
	request(t Target) any
}

// CreateOp creates a node.
type CreateOp struct {
	Path  string
	Data  []byte
	Flags int32
	ACL   []ACL
}

// SetOp replaces a node's data if its version matches (-1: any).
type SetOp struct {
	Path    string
	Data    []byte
	Version int32
}

// DeleteOp deletes a node if its version matches (-1: any).
type DeleteOp struct {
	Path    string
	Version int32
}

// CheckOp fails the transaction unless the node's version matches.
type CheckOp struct {
	Path    string
	Version int32
}

// OpPath returns the node's path.
func (o *CreateOp) OpPath() string { return o.Path }

// OpPath returns the node's path.
func (o *SetOp) OpPath() string { return o.Path }

// OpPath returns the node's path.
func (o *DeleteOp) OpPath() string { return o.Path }

// OpPath returns the node's path.
func (o *CheckOp) OpPath() string { return o.Path }

func (o *CreateOp) request(t Target) any {
	return &zk.CreateRequest{Path: t.full(o.Path), Data: o.Data, Acl: o.ACL, Flags: o.Flags}
}

func (o *SetOp) request(t Target) any {
	return &zk.SetDataRequest{Path: t.full(o.Path), Data: o.Data, Version: o.Version}
}

func (o *DeleteOp) request(t Target) any {
	return &zk.DeleteRequest{Path: t.full(o.Path), Version: o.Version}
}

func (o *CheckOp) request(t Target) any {
	return &zk.CheckVersionRequest{Path: t.full(o.Path), Version: o.Version}
}

// OpSize estimates the bytes op takes in a multi request, for keeping
// transactions under the server's request limit (jute.maxbuffer, 1 MiB by
// default).
func OpSize(op Op) int {
	n := 16 + len(op.OpPath())
	switch o := op.(type) {
	case *CreateOp:
		n += len(o.Data) + 8
		for _, a := range o.ACL {
			n += 12 + len(a.Scheme) + len(a.ID)
		}
	case *SetOp:
		n += len(o.Data) + 4
	}
	return n
}

// OpResult is the outcome of one operation of a transaction.
type OpResult struct {
	Path string // the created path for a CreateOp, else the op's path
	Stat *Stat  // for a SetOp
	Err  error  // the op's own error; nil when it succeeded or would have
}

// Multi applies ops in one transaction: all of them or none. When the
// transaction fails, the error names the first failing op and its result
// carries the cause.
func (c *Client) Multi(ctx context.Context, ops ...Op) ([]OpResult, error) {
	reqs := make([]any, len(ops))
	for i, op := range ops {
		reqs[i] = op.request(c.target)
	}
	raw, err := do(ctx, func() ([]zk.MultiResponse, error) {
		return c.conn.Multi(reqs...)
	})
	res := make([]OpResult, len(ops))
	var first error
	for i, op := range ops {
		res[i].Path = op.OpPath()
		if i >= len(raw) {
			continue
		}
		r := raw[i]
		res[i].Stat = r.Stat
		if r.String != "" {
			res[i].Path = c.target.local(r.String)
		}
		if r.Error != nil && isOpError(r.Error) {
			res[i].Err = wrap(opName(op), op.OpPath(), r.Error)
			if first == nil {
				first = res[i].Err
			}
		}
	}
	if err == nil {
		return res, nil
	}
	if first == nil {
		first = wrap("multi", fmt.Sprintf("(%d operations)", len(ops)), err)
	}
	return res, first
}

// isOpError tells an op's own failure from the "rolled back" marker the
// server gives the other ops of a failed transaction.
func isOpError(err error) bool {
	return !strings.HasPrefix(err.Error(), "unknown error: -2")
}

func opName(op Op) string {
	switch op.(type) {
	case *CreateOp:
		return "create"
	case *SetOp:
		return "set"
	case *DeleteOp:
		return "delete"
	}
	return "check"
}

// Standard ACLs.
var (
	// OpenACL lets anyone do anything (zc.zk's OPEN_ACL_UNSAFE).
	OpenACL = zk.WorldACL(zk.PermAll)
	// ReadACL lets anyone read (zc.zk's READ_ACL_UNSAFE).
	ReadACL = zk.WorldACL(zk.PermRead)
)

// Permission bits.
const (
	PermRead   = zk.PermRead
	PermWrite  = zk.PermWrite
	PermCreate = zk.PermCreate
	PermDelete = zk.PermDelete
	PermAdmin  = zk.PermAdmin
	PermAll    = zk.PermAll
)

// DigestACL returns an ACL granting perms to the digest user with the given
// password.
func DigestACL(perms int32, user, password string) []ACL {
	return zk.DigestACL(perms, user, password)
}

// ParseACL reads an ACL given on the command line: "open" (anyone, all
// permissions; the default), "read" (anyone may read), a number (those
// permission bits for anyone, like zookeeper_import -p), or a
// comma-separated list of SCHEME:ID:PERMS entries with PERMS made of the
// letters rwcda ("world:anyone:r", "digest:user:password:rwcda" with a
// clear-text password, "auth::rwcda").
func ParseACL(s string) ([]ACL, error) {
	switch s {
	case "", "open":
		return OpenACL, nil
	case "read":
		return ReadACL, nil
	}
	if n, err := strconv.ParseInt(s, 0, 32); err == nil {
		if n < 0 || n > PermAll {
			return nil, fmt.Errorf("bad ACL %q: permission bits must be between 0 and 31", s)
		}
		return zk.WorldACL(int32(n)), nil
	}
	var acl []ACL
	for entry := range strings.SplitSeq(s, ",") {
		a, err := parseACLEntry(entry)
		if err != nil {
			return nil, fmt.Errorf("bad ACL entry %q: %w", entry, err)
		}
		acl = append(acl, a...)
	}
	return acl, nil
}

func parseACLEntry(entry string) ([]ACL, error) {
	i := strings.LastIndexByte(entry, ':')
	j := strings.IndexByte(entry, ':')
	if i < 0 || i == j && !strings.HasPrefix(entry, "auth:") {
		return nil, errors.New("want SCHEME:ID:PERMS, or open, read or a number")
	}
	perms, err := parsePerms(entry[i+1:])
	if err != nil {
		return nil, err
	}
	scheme, id := entry[:j], entry[j+1:i]
	if scheme == "digest" {
		user, pass, ok := strings.Cut(id, ":")
		if !ok {
			return nil, errors.New("digest entries are digest:USER:PASSWORD:PERMS")
		}
		return DigestACL(perms, user, pass), nil
	}
	return []ACL{{Perms: perms, Scheme: scheme, ID: id}}, nil
}

func parsePerms(s string) (int32, error) {
	var p int32
	for _, r := range s {
		i := strings.IndexRune("rwcda", r)
		if i < 0 {
			return 0, fmt.Errorf("unknown permission %q (want letters from rwcda)", r)
		}
		p |= 1 << i
	}
	return p, nil
}

// ACLEqual reports whether two ACLs hold the same entries, in any order.
func ACLEqual(a, b []ACL) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[ACL]int, len(a))
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x] == 0 {
			return false
		}
		seen[x]--
	}
	return true
}

// FormatACL writes an ACL as ParseACL reads it: comma-separated
// SCHEME:ID:PERMS entries ("world:anyone:rwcda").
func FormatACL(acl []ACL) string {
	parts := make([]string, len(acl))
	for i, a := range acl {
		var perms []byte
		for j, c := range "rwcda" {
			if a.Perms&(1<<j) != 0 {
				perms = append(perms, byte(c))
			}
		}
		parts[i] = a.Scheme + ":" + a.ID + ":" + string(perms)
	}
	return strings.Join(parts, ",")
}
