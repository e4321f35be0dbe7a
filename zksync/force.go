package zksync

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/zktree/zktree/zkconn"
)

// forcer deletes a subtree optimistically, for DeleteTree with Force: it
// assumes the children of each node it lists are leaves and deletes them
// in batched transactions without reading them; only a batch that fails
// because some of its nodes have children makes it read those nodes' stats,
// clear the ones with children (concurrently) and retry.
type forcer struct {
	store    zkconn.Store
	sem      chan struct{}
	deleted  atomic.Int64
	progress func(deleted int)
}

// req runs one request within the in-flight limit.
func (f *forcer) req(fn func() error) error {
	f.sem <- struct{}{}
	defer func() { <-f.sem }()
	return fn()
}

// clear deletes every descendant of p (at "/", every one but /zookeeper).
func (f *forcer) clear(ctx context.Context, p string) error {
	var names []string
	err := f.req(func() (err error) {
		names, _, err = f.store.Children(ctx, p)
		return err
	})
	if err != nil {
		return ignoreNoNode(err)
	}
	if p == "/" {
		names = slices.DeleteFunc(names, func(n string) bool { return n == "zookeeper" })
	}
	slices.Sort(names)
	var wg sync.WaitGroup
	errs := make([]error, (len(names)+999)/1000)
	for i, batch := range slices.Collect(slices.Chunk(names, 1000)) {
		wg.Go(func() { errs[i] = f.deleteBatch(ctx, p, batch) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// deleteBatch deletes the named children of parent and their subtrees.
func (f *forcer) deleteBatch(ctx context.Context, parent string, names []string) error {
	if err := f.multi(ctx, parent, names); !errors.Is(err, zkconn.ErrNotEmpty) && !errors.Is(err, zkconn.ErrNoNode) {
		return err
	}
	// Some have children (or are gone): read them all, clear those with
	// children, delete what is left.
	stats := make([]*zkconn.Stat, len(names))
	errs := make([]error, 2*len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() {
			errs[i] = f.req(func() (err error) {
				stats[i], err = f.store.Exists(ctx, join(parent, n))
				return err
			})
		})
	}
	wg.Wait()
	var left []string
	for i, n := range names {
		if stats[i] == nil {
			continue
		}
		left = append(left, n)
		if stats[i].NumChildren > 0 {
			wg.Go(func() { errs[len(names)+i] = f.clear(ctx, join(parent, n)) })
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return f.multi(ctx, parent, left)
}

// multi deletes the named children of parent in one transaction.
func (f *forcer) multi(ctx context.Context, parent string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	ops := make([]zkconn.Op, len(names))
	for i, n := range names {
		ops[i] = &zkconn.DeleteOp{Path: join(parent, n), Version: -1}
	}
	err := f.req(func() error {
		_, err := f.store.Multi(ctx, ops...)
		return err
	})
	if err == nil {
		f.progress(int(f.deleted.Add(int64(len(ops)))))
	}
	return err
}

func ignoreNoNode(err error) error {
	if errors.Is(err, zkconn.ErrNoNode) {
		return nil
	}
	return err
}
