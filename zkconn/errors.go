package zkconn

import (
	"errors"
	"fmt"

	"github.com/go-zookeeper/zk"
)

// Errors from the server, for use with errors.Is on any error this package
// returns.
var (
	ErrNoNode     = zk.ErrNoNode
	ErrNodeExists = zk.ErrNodeExists
	ErrBadVersion = zk.ErrBadVersion
	ErrNotEmpty   = zk.ErrNotEmpty
	ErrNoAuth     = zk.ErrNoAuth
	ErrClosed     = zk.ErrConnectionClosed
	// ErrUnreachable is returned when no session could be made in time.
	ErrUnreachable = errors.New("ZooKeeper is unreachable")
)

// Error is a failed operation on one path.
type Error struct {
	Op   string // "get", "create", "delete", …
	Path string // as the caller sees it (inside the chroot)
	Err  error  // the cause, one of the Err… values when the server said so
}

// Error returns a message such as "create /a/b: no such node (its parent
// is missing)".
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Op, e.Path, describe(e.Op, e.Err))
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func describe(op string, err error) string {
	switch {
	case errors.Is(err, zk.ErrNoNode):
		if op == "create" {
			return "parent node does not exist"
		}
		return "no such node"
	case errors.Is(err, zk.ErrNoAuth):
		return "permission denied (the node's ACL does not allow this with the given credentials; see --auth)"
	case errors.Is(err, zk.ErrNodeExists):
		return "node already exists"
	case errors.Is(err, zk.ErrBadVersion):
		return "the node was changed by someone else (version conflict)"
	case errors.Is(err, zk.ErrNotEmpty):
		return "node has children"
	case errors.Is(err, zk.ErrNoChildrenForEphemerals):
		return "ephemeral nodes may not have children"
	case errors.Is(err, zk.ErrInvalidPath):
		return "invalid path (a ZooKeeper path starts with / and has no empty, . or .. segment)"
	case errors.Is(err, zk.ErrInvalidACL):
		return "invalid ACL"
	case errors.Is(err, zk.ErrConnectionClosed), errors.Is(err, zk.ErrClosing), errors.Is(err, zk.ErrNoServer):
		return "connection to ZooKeeper lost"
	case errors.Is(err, zk.ErrSessionExpired):
		return "ZooKeeper session expired"
	}
	return err.Error()
}

// wrap wraps a non-nil err as an *Error for op on path.
func wrap(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Op: op, Path: path, Err: err}
}
