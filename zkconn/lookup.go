package zkconn

import (
	"context"
	"errors"
	"strings"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/nodedata"
)

// Lookup lets eval resolve links and property links against a live tree:
// it implements [eval.Lookup] over a [Store].
type Lookup struct {
	ctx   context.Context
	store Store
}

var _ eval.Lookup = (*Lookup)(nil)

// NewLookup returns a Lookup reading from s with ctx.
func NewLookup(ctx context.Context, s Store) *Lookup { return &Lookup{ctx: ctx, store: s} }

// Exists reports whether a node exists at path. Paths ZooKeeper cannot
// hold (with "." or ".." segments, as a leading "/.." left by
// normalisation) exist nowhere.
func (l *Lookup) Exists(path string) (bool, error) {
	if !ValidPath(path) {
		return false, nil
	}
	st, err := l.store.Exists(l.ctx, path)
	return st != nil, err
}

// Props returns the decoded properties of the node at path.
func (l *Lookup) Props(path string) (ast.Props, bool, error) {
	if !ValidPath(path) {
		return nil, false, nil
	}
	data, _, err := l.store.Get(l.ctx, path)
	if errors.Is(err, ErrNoNode) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return nodedata.Decode(data), true, nil
}

// ValidPath reports whether ZooKeeper accepts p as a node path: absolute,
// no empty, "." or ".." segments, no trailing slash (except "/").
func ValidPath(p string) bool {
	if p == "/" {
		return true
	}
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsRune(seg, 0) {
			return false
		}
	}
	return true
}
