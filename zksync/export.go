package zksync

import (
	"context"
	"io"
	"path"

	"github.com/zktree/zktree/nodedata"
	"github.com/zktree/zktree/zkconn"
)

// ExportOptions control [Export].
type ExportOptions struct {
	// Ephemeral includes ephemeral nodes (and their subtrees); zc.zk's
	// export leaves them out unless asked.
	Ephemeral bool
	// Name renames the top node; exporting "/" with a name nests every
	// top-level node under one node of that name.
	Name string
	// Compat renders values exactly as zc.zk 2.1 does.
	Compat bool
	// Progress, if set, is called with the number of nodes read so far.
	Progress func(nodes int)
}

// Export writes the subtree at root in the export text layout (as zc.zk's
// export_tree): per node its properties, links and then children, each
// sorted; /zookeeper hidden when exporting "/"; ephemeral nodes only on
// request. It streams: reads are pipelined ahead of the writer, leaves are
// never listed, and memory does not grow with the size of the tree. It
// returns the number of nodes written.
func Export(ctx context.Context, s zkconn.Store, w io.Writer, root string, opts ExportOptions) (int, error) {
	root = cleanPath(root)
	out := nodedata.NewWriter(w, nodedata.Options{Compat: opts.Compat})
	skip := func(e *entry) bool { return e.Stat.EphemeralOwner != 0 && !opts.Ephemeral && e.Path != "/" }
	wk := newWalker(s, true, func(e *entry) bool { return !skip(e) })
	written := 0
	shift := 0 // at "/" the root prints nothing and its children are at depth 0
	if root == "/" && opts.Name == "" {
		shift = -1
	}
	err := wk.walk(ctx, root, visitor{enter: func(e *entry, depth int) (bool, error) {
		if skip(e) {
			return false, nil
		}
		if depth == 1 && root == "/" && path.Base(e.Path) == "zookeeper" {
			return false, nil
		}
		if depth == 0 && root == "/" {
			if opts.Name == "" {
				return true, nil
			}
			return true, out.WriteNode(0, opts.Name, nil)
		}
		name := path.Base(e.Path)
		if depth == 0 && opts.Name != "" {
			name = opts.Name
		}
		written++
		if opts.Progress != nil {
			opts.Progress(written)
		}
		return true, out.WriteNode(depth+shift, name, nodedata.Decode(e.Data))
	}})
	if err != nil {
		_ = out.Flush() // what was read before the error, without the empty-export line
		return written, err
	}
	return written, out.Close()
}

// cleanPath strips trailing slashes ("/p//" is "/p", "" is "/").
func cleanPath(p string) string {
	for len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	if p == "" {
		return "/"
	}
	return p
}
