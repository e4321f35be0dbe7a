package zksync

import (
	"context"
	"errors"
	"fmt"

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
	// Progress, if set, is called by [DeleteTree] with the number of nodes
	// deleted so far, after each transaction (from several goroutines at
	// once with Force).
	Progress func(deleted int)
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

// sink receives a plan as it is made: messages and changes.
type sink interface {
	say(format string, args ...any)
	add(c Change)
}

func (p *Plan) add(c Change) { p.Changes = append(p.Changes, c) }

func planDelete(ctx context.Context, s zkconn.Store, root string, opts DeleteOptions, p sink) error {
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
				p.add(Change{Kind: Delete, Path: e.Path, Version: e.Stat.Version})
			}
			kept[depth] = kept[depth] || ephemeral
			return nil
		},
	})
}

// DeleteTree deletes the subtree at root as [PlanDelete] plans it, but
// streams: deletes are sent in batched transactions, one after the other,
// while the rest of the subtree is still being read. say receives each
// message as soon as it is known (nil: drop them). A missing root deletes
// nothing. On a failure nothing more is deleted, and the error is an
// [*ApplyError] whose NotApplied holds the deletes planned so far and not
// made (the nodes not yet read stay too).
//
// With Force nothing is kept and nothing printed, so nothing needs reading
// first: DeleteTree then deletes optimistically, listing only nodes that
// have children and deleting the children of each in transactions without
// reading them (these deletes are not version-checked); on a failure the
// error is returned as is and Result.Applied counts the nodes deleted.
func DeleteTree(ctx context.Context, s zkconn.Store, root string, opts DeleteOptions, say func(string)) (*Result, error) {
	opts.DryRun = false
	if say == nil {
		say = func(string) {}
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(int) {}
	}
	if opts.Force {
		return forceDelete(ctx, s, cleanPath(root), progress)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &streamDelete{report: say, progress: progress, batches: make(chan []Change, 4), res: &Result{}}
	done := make(chan error, 1)
	go func() { done <- d.apply(ctx, s, cancel) }()
	err := planDelete(ctx, s, cleanPath(root), opts, d)
	if errors.Is(err, zkconn.ErrNoNode) {
		err = nil
	}
	if len(d.batch) > 0 {
		d.batches <- d.batch
	}
	close(d.batches)
	if aerr := <-done; aerr != nil {
		return d.res, aerr
	}
	return d.res, err
}

// streamDelete applies deletes as planDelete finds them.
type streamDelete struct {
	report   func(string)
	progress func(int)
	batch    []Change
	batches  chan []Change
	res      *Result
}

func (d *streamDelete) say(format string, args ...any) { d.report(fmt.Sprintf(format, args...)) }

func (d *streamDelete) add(c Change) {
	d.batch = append(d.batch, c)
	if len(d.batch) == 1000 {
		d.batches <- d.batch
		d.batch = nil
	}
}

// apply sends the batches in order; after a failure it drains the rest.
func (d *streamDelete) apply(ctx context.Context, s zkconn.Store, stop func()) error {
	var aerr *ApplyError
	for b := range d.batches {
		d.res.Total += len(b)
		if aerr != nil {
			aerr.NotApplied = append(aerr.NotApplied, b...)
			aerr.Total = d.res.Total
			continue
		}
		p := &Plan{Changes: b}
		if _, err := p.Apply(ctx, s, ApplyOptions{Atomic: true}); err != nil {
			var e *ApplyError
			if !errors.As(err, &e) {
				return err
			}
			aerr = &ApplyError{Applied: d.res.Applied, Total: d.res.Total, Failed: e.Failed, NotApplied: e.NotApplied, Err: e.Err}
			stop()
			continue
		}
		d.res.Applied += len(b)
		d.progress(d.res.Applied)
	}
	if aerr != nil {
		return aerr
	}
	return nil
}

func forceDelete(ctx context.Context, s zkconn.Store, root string, progress func(int)) (*Result, error) {
	f := &forcer{store: s, sem: make(chan struct{}, maxInFlight), progress: progress}
	err := f.clear(ctx, root)
	if err == nil && root != "/" {
		if err = s.Delete(ctx, root, -1); err == nil {
			progress(int(f.deleted.Add(1)))
		}
		err = ignoreNoNode(err)
	}
	n := int(f.deleted.Load())
	return &Result{Applied: n, Total: n}, err
}
