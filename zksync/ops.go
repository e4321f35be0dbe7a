package zksync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// WalkOptions control [Walk].
type WalkOptions struct {
	// Ephemeral includes ephemeral nodes and their subtrees. Unlike
	// zc.zk's walk, it applies at every level, not only to the start node.
	Ephemeral bool
}

// Walk calls fn for the node at root and every node below it, depth first,
// children in name order, with the node's sorted child names. Listing is
// pipelined. Nodes that disappear during the walk are skipped, and a
// missing root yields nothing, as in zc.zk.
func Walk(ctx context.Context, s zkconn.Store, root string, opts WalkOptions, fn func(path string, children []string) error) error {
	w := newWalker(s, false, nil)
	err := w.walk(ctx, cleanPath(root), visitor{enter: func(e *entry, _ int) (bool, error) {
		if e.Stat.EphemeralOwner != 0 && !opts.Ephemeral {
			return false, nil
		}
		return true, fn(e.Path, e.Children)
	}})
	if errors.Is(err, zkconn.ErrNoNode) {
		return nil
	}
	return err
}

// Resolve returns the real path that path names, following symbolic links
// anywhere in it (zc.zk's resolve); trailing slashes are ignored, as by the
// other commands. The error is an [*eval.NoNodeError] or
// [*eval.LinkLoopError] for a bad path.
func Resolve(ctx context.Context, s zkconn.Store, path string) (string, error) {
	return eval.Resolve(zkconn.NewLookup(ctx, s), cleanPath(path))
}

// IsEphemeral reports whether the node at path is ephemeral.
func IsEphemeral(ctx context.Context, s zkconn.Store, path string) (bool, error) {
	st, err := s.Exists(ctx, path)
	if err != nil {
		return false, err
	}
	if st == nil {
		return false, &zkconn.Error{Op: "check", Path: path, Err: zkconn.ErrNoNode}
	}
	return st.EphemeralOwner != 0, nil
}

// Ln makes a symbolic link at linkPath pointing to target, as zc.zk's
// ln(target, linkPath): the property "NAME ->" = target on linkPath's
// parent (not resolved), where NAME is linkPath's last segment; a target
// ending in "/" gets NAME appended. The target is not checked. The write is
// version-checked. A linkPath ending in "/" (which zc.zk turns into an
// empty link name) is an error.
func Ln(ctx context.Context, s zkconn.Store, target, linkPath string) error {
	i := strings.LastIndexByte(linkPath, '/')
	if i < 0 || i == len(linkPath)-1 {
		return fmt.Errorf("ln: link path %q must be absolute and end in a name", linkPath)
	}
	base, name := linkPath[:i], linkPath[i+1:]
	if base == "" {
		base = "/"
	}
	if strings.HasSuffix(target, "/") {
		target += name
	}
	if err := lang.CheckName(name); err != nil {
		return fmt.Errorf("ln: link name %w", err)
	}
	if target == "" || strings.ContainsFunc(target, unicode.IsSpace) || strings.Contains(target, "#") {
		return fmt.Errorf("ln: target %q: a link target is a path without blanks or \"#\"", target)
	}
	if st, err := s.Exists(ctx, linkPath); err != nil {
		return err
	} else if st != nil {
		return fmt.Errorf("ln: %s is a node; a link of that name would never be followed (a real child shadows a link)", linkPath)
	}
	return updateProps(ctx, s, base, func(p ast.Props) error {
		p[name+" ->"] = ast.Str(target)
		return nil
	})
}

// Assignment is one NAME=VALUE of [SetProps].
type Assignment struct {
	Name  string
	Value ast.Value
}

// SetProps sets properties of the node that path resolves to (links are
// followed and the write goes to the real node, unlike zc.zk which wrote to
// the unresolved path). The write is version-checked. It returns the
// resolved path.
func SetProps(ctx context.Context, s zkconn.Store, path string, set []Assignment) (string, error) {
	for _, a := range set {
		if err := lang.CheckName(a.Name); err != nil {
			return "", err
		}
	}
	real, err := Resolve(ctx, s, path)
	if err != nil {
		return "", err
	}
	return real, updateProps(ctx, s, real, func(p ast.Props) error {
		for _, a := range set {
			p[a.Name] = a.Value
		}
		return nil
	})
}

// UnsetProps removes keys from the node that path resolves to, as
// [SetProps] writes them: a key is a property NAME, a link "NAME ->" or a
// property link "NAME =>" (the blank before the arrow may be left out). A
// key the node does not have is an error that lists the keys it has, and
// then nothing is written. It returns the resolved path.
func UnsetProps(ctx context.Context, s zkconn.Store, path string, keys []string) (string, error) {
	real, err := Resolve(ctx, s, path)
	if err != nil {
		return "", err
	}
	stored := make([]string, len(keys))
	for i, k := range keys {
		for _, arrow := range []string{"->", "=>"} {
			if name, ok := strings.CutSuffix(k, arrow); ok {
				k = strings.TrimRight(name, " ") + " " + arrow
			}
		}
		stored[i] = k
	}
	return real, updateProps(ctx, s, real, func(p ast.Props) error {
		for _, k := range stored {
			if _, ok := p[k]; !ok {
				have := "none"
				if len(p) > 0 {
					have = strings.Join(p.Keys(), ", ")
				}
				return fmt.Errorf("%s has no %q (it has: %s)", real, k, have)
			}
		}
		for _, k := range stored {
			delete(p, k)
		}
		return nil
	})
}

// updateProps reads the properties at path, changes them with fn and writes
// them back if the node did not change meanwhile. When it did, the change
// is made again on what the other writer wrote (a few times at most), so
// that neither change is lost.
func updateProps(ctx context.Context, s zkconn.Store, path string, fn func(ast.Props) error) error {
	const attempts = 5
	for i := 1; ; i++ {
		data, st, err := s.Get(ctx, path)
		if err != nil {
			return err
		}
		p := nodedata.Decode(data)
		if err := fn(p); err != nil {
			return err
		}
		b, err := nodedata.Encode(p)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		_, err = s.Set(ctx, path, b, st.Version)
		if !errors.Is(err, zkconn.ErrBadVersion) {
			return err
		}
		if i == attempts {
			return fmt.Errorf("%w: someone else changed it each of %d times it was read, so it was not overwritten", err, attempts)
		}
	}
}
