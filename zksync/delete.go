package zksync

import (
	"context"
	"errors"

	"github.com/zktree/zktree/zkconn"
)

// DeleteOptions control [PlanDelete].
type DeleteOptions struct {
	// DryRun words the messages as zc.zk's dry run does ("would delete …").
	DryRun bool
	// Force deletes ephemeral nodes too.
	Force bool
	// IgnoreIfEphemeral silently keeps the start node when it is
	// ephemeral (as import's trim does).
	IgnoreIfEphemeral bool
}

// PlanDelete plans the recursive deletion of the subtree at root, as
// zc.zk's delete_recursive: post-order, children in name order; an
// ephemeral node is kept (unless Force) and so are its ancestors, with the
// messages "Not deleting P because it's ephemeral." and "P not deleted due
// to ephemeral descendent." (in a dry run "wouldn't delete P because it's
// ephemeral." and "would delete P."). Deleting "/" deletes everything
// except / and /zookeeper. A missing root plans nothing.
func PlanDelete(ctx context.Context, s zkconn.Store, root string, opts DeleteOptions) (*Plan, error) {
	p := &Plan{}
	err := planDelete(ctx, s, cleanPath(root), opts, p)
	if errors.Is(err, zkconn.ErrNoNode) {
		err = nil
	}
	return p, err
}

func planDelete(ctx context.Context, s zkconn.Store, root string, opts DeleteOptions, p *Plan) error {
	// kept[d] is set when a node at depth d reported an ephemeral node.
	var kept []bool
	w := newWalker(s, false, nil)
	return w.walk(ctx, root, visitor{
		enter: func(e *entry, depth int) (bool, error) {
			if depth+1 >= len(kept) {
				kept = append(kept, false, false)
			}
			kept[depth+1] = false
			if root == "/" && e.Path == "/zookeeper" {
				return false, nil
			}
			return true, nil
		},
		leave: func(e *entry, depth int) error {
			if e.Path == "/" || root == "/" && e.Path == "/zookeeper" {
				return nil
			}
			if kept[depth+1] {
				p.say("%s not deleted due to ephemeral descendent.", e.Path)
				kept[depth] = true
				return nil
			}
			ephemeral := e.Stat.EphemeralOwner != 0 && !opts.Force
			switch {
			case ephemeral && depth == 0 && opts.IgnoreIfEphemeral:
				return nil
			case opts.DryRun && ephemeral:
				p.say("wouldn't delete %s because it's ephemeral.", e.Path)
			case opts.DryRun:
				p.say("would delete %s.", e.Path)
			case ephemeral:
				p.say("Not deleting %s because it's ephemeral.", e.Path)
			}
			if !ephemeral {
				p.Changes = append(p.Changes, Change{Kind: Delete, Path: e.Path, Version: e.Stat.Version})
			}
			kept[depth] = kept[depth] || ephemeral
			return nil
		},
	})
}
