package zksync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/zktree/zktree/zkconn"
)

// ChangeKind is what a [Change] does.
type ChangeKind string

// The kinds of change a plan holds.
const (
	Create ChangeKind = "create"
	Update ChangeKind = "set"
	Delete ChangeKind = "delete"
	SetACL ChangeKind = "acl"
)

// Change is one write of a plan. Writes are version-checked: Version is the
// data version (ACL version for SetACL) read when the plan was made, so a
// node changed by someone else since then fails the write instead of being
// overwritten; a Create fails if the node has appeared meanwhile.
type Change struct {
	Kind    ChangeKind
	Path    string
	Version int32        // expected version; -1 for a Create
	Data    []byte       // Create, Update: the node data written
	OldData []byte       // Update: the node data replaced
	ACL     []zkconn.ACL // Create, SetACL: the ACL written
	OldACL  []zkconn.ACL // SetACL: the ACL replaced
}

// Plan is the list of changes that brings ZooKeeper in line, in the order
// they apply (parents created before children, children deleted before
// parents), and the messages zc.zk prints for it.
type Plan struct {
	Changes  []Change
	Messages []string
}

func (p *Plan) say(format string, args ...any) {
	p.Messages = append(p.Messages, fmt.Sprintf(format, args...))
}

// ApplyOptions control [Plan.Apply].
type ApplyOptions struct {
	// Atomic applies the whole plan in one multi transaction, split only
	// where ZooKeeper's request size limit forces it (reported in
	// Result.Notes). Otherwise changes go in batches of BatchSize.
	Atomic bool
	// BatchSize is the number of operations per transaction when not
	// atomic (default 1000).
	BatchSize int
	// Progress, if set, is called after each transaction with the number
	// of changes applied and the total.
	Progress func(done, total int)
}

// Request size budget of one transaction: ZooKeeper refuses requests over
// jute.maxbuffer (1 MiB by default).
const (
	maxRequestBytes = 1 << 20
	batchBytes      = maxRequestBytes * 7 / 8
)

// Result is what [Plan.Apply] did.
type Result struct {
	Applied int      // changes applied
	Total   int      // changes in the plan
	Notes   []string // remarks such as a transaction split
}

// ApplyError is a failure part-way through a plan. Each transaction is
// atomic, so every change is either applied or not; NotApplied lists those
// that were not, in plan order.
type ApplyError struct {
	Applied    int      // number of changes applied
	Total      int      // changes in the plan
	Failed     Change   // the change that failed
	NotApplied []Change // every change not applied, Failed included
	Err        error
}

// Error says what failed and what was and was not applied.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("%v; applied %d of %d changes, %d not applied", e.Err, e.Applied, e.Total, len(e.NotApplied))
}

// Unwrap returns the cause.
func (e *ApplyError) Unwrap() error { return e.Err }

// inFlight is how many transactions Apply keeps in flight at once, when
// they do not depend on each other.
const inFlight = 8

// Apply writes the plan's changes. Data changes go in multi transactions
// (creates, sets and deletes, each version-checked). ACL changes are single
// requests, since a multi transaction cannot set ACLs: those that give
// write permission to a node nobody could write go first (so that its data
// can then be set), the others last (so that a node can still be written
// before its ACL takes write permission away). Unless Atomic,
// transactions that do not depend on each other (creates at one depth,
// sets, deletes at one depth) are pipelined. On failure no further
// transactions start and the error is an [*ApplyError] saying exactly what
// was applied.
func (p *Plan) Apply(ctx context.Context, s zkconn.Store, opts ApplyOptions) (*Result, error) {
	res := &Result{Total: len(p.Changes)}
	groups, aclsFirst, acls := p.schedule(opts)
	if opts.Atomic && len(groups) > 1 {
		res.Notes = append(res.Notes, fmt.Sprintf("the plan is larger than one ZooKeeper request may be (%d bytes, jute.maxbuffer); applying it in %d transactions, each atomic, one after the other", maxRequestBytes, len(groups)))
	}
	if opts.Atomic && len(acls)+len(aclsFirst) > 0 {
		res.Notes = append(res.Notes, "ACL changes are applied outside the transaction: ZooKeeper's multi cannot set ACLs")
	}
	applied := make([]bool, len(p.Changes))
	setACLs := func(idx []int) []failure {
		return p.run(ctx, len(idx), func(i int) ([]int, error) {
			c := p.Changes[idx[i]]
			_, err := s.SetACL(ctx, c.Path, c.ACL, c.Version)
			return idx[i : i+1], err
		}, applied, res, opts)
	}
	if failed := setACLs(aclsFirst); len(failed) > 0 {
		return res, p.applyError(failed, applied, res)
	}
	for _, g := range groups {
		failed := p.run(ctx, len(g), func(i int) ([]int, error) {
			return g[i], p.multi(ctx, s, g[i])
		}, applied, res, opts)
		if len(failed) > 0 {
			return res, p.applyError(failed, applied, res)
		}
	}
	if failed := setACLs(acls); len(failed) > 0 {
		return res, p.applyError(failed, applied, res)
	}
	return res, nil
}

type failure struct {
	change int // index of the change that failed
	err    error
}

// run calls do for 0..n-1, inFlight at a time, marking the changes of each
// successful call applied; it returns the failures.
func (p *Plan) run(ctx context.Context, n int, do func(i int) ([]int, error), applied []bool, res *Result, opts ApplyOptions) []failure {
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		failed []failure
	)
	sem := make(chan struct{}, inFlight)
	for i := range n {
		sem <- struct{}{}
		mu.Lock()
		stop := len(failed) > 0
		mu.Unlock()
		if stop {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			idx, err := do(i)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				var fe *failedOp
				at := idx[0]
				if errors.As(err, &fe) {
					at, err = idx[fe.index], fe.err
				}
				failed = append(failed, failure{at, explain(err)})
				return
			}
			for _, j := range idx {
				applied[j] = true
			}
			res.Applied += len(idx)
			if opts.Progress != nil {
				opts.Progress(res.Applied, res.Total)
			}
		}()
	}
	wg.Wait()
	slices.SortFunc(failed, func(a, b failure) int { return a.change - b.change })
	return failed
}

// failedOp names the op of a transaction that failed.
type failedOp struct {
	index int
	err   error
}

func (e *failedOp) Error() string { return e.err.Error() }

// multi applies the changes at idx in one transaction.
func (p *Plan) multi(ctx context.Context, s zkconn.Store, idx []int) error {
	ops := make([]zkconn.Op, len(idx))
	for j, i := range idx {
		ops[j] = p.Changes[i].op()
	}
	results, err := s.Multi(ctx, ops...)
	if err == nil {
		return nil
	}
	for j, r := range results {
		if r.Err != nil {
			return &failedOp{j, err}
		}
	}
	return err
}

func (p *Plan) applyError(failed []failure, applied []bool, res *Result) error {
	e := &ApplyError{Applied: res.Applied, Total: res.Total, Failed: p.Changes[failed[0].change], Err: failed[0].err}
	for i, ok := range applied {
		if !ok {
			e.NotApplied = append(e.NotApplied, p.Changes[i])
		}
	}
	return e
}

// explain adds what a conflict means for a plan.
func explain(err error) error {
	switch {
	case errors.Is(err, zkconn.ErrBadVersion):
		return fmt.Errorf("%w: it changed after the plan was made, so it was not overwritten", err)
	case errors.Is(err, zkconn.ErrNodeExists):
		return fmt.Errorf("%w: it was created by someone else after the plan was made", err)
	case errors.Is(err, zkconn.ErrNotEmpty):
		return fmt.Errorf("%w: children were added after the plan was made", err)
	}
	return err
}

// schedule splits the data changes into groups of transactions, where the
// transactions of one group do not depend on each other and each group
// depends only on the groups before it: creates by depth (parents first),
// then sets, then deletes by depth (children first). Atomic plans keep
// plan order, one transaction per group, as few as the request size
// allows. It also returns the ACL changes to make before and after them.
func (p *Plan) schedule(opts ApplyOptions) (groups [][][]int, aclsFirst, acls []int) {
	type key struct {
		phase, depth int
	}
	order := map[key][]int{}
	var keys []key
	var all []int
	for i, c := range p.Changes {
		if c.Kind == SetACL {
			if !writable(c.OldACL) && writable(c.ACL) {
				aclsFirst = append(aclsFirst, i)
			} else {
				acls = append(acls, i)
			}
			continue
		}
		all = append(all, i)
		depth := strings.Count(c.Path, "/")
		k := map[ChangeKind]key{Create: {0, depth}, Update: {1, 0}, Delete: {2, -depth}}[c.Kind]
		if _, ok := order[k]; !ok {
			keys = append(keys, k)
		}
		order[k] = append(order[k], i)
	}
	if opts.Atomic {
		for _, b := range p.batches(all, len(all)) {
			groups = append(groups, [][]int{b})
		}
		return groups, aclsFirst, acls
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.phase != b.phase {
			return a.phase - b.phase
		}
		return a.depth - b.depth
	})
	size := opts.BatchSize
	if size <= 0 {
		size = 1000
	}
	for _, k := range keys {
		groups = append(groups, p.batches(order[k], size))
	}
	return groups, aclsFirst, acls
}

// writable reports whether an ACL lets anyone write data.
func writable(acl []zkconn.ACL) bool {
	for _, a := range acl {
		if a.Perms&zkconn.PermWrite != 0 {
			return true
		}
	}
	return false
}

// batches splits the changes at idx into transactions of at most maxOps
// operations and the request size budget.
func (p *Plan) batches(idx []int, maxOps int) [][]int {
	var out [][]int
	var cur []int
	size := 0
	for _, i := range idx {
		n := zkconn.OpSize(p.Changes[i].op())
		if len(cur) > 0 && (len(cur) >= maxOps || size+n > batchBytes) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, i)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// op returns the transaction operation of a data change.
func (c Change) op() zkconn.Op {
	switch c.Kind {
	case Create:
		return &zkconn.CreateOp{Path: c.Path, Data: c.Data, ACL: c.ACL}
	case Update:
		return &zkconn.SetOp{Path: c.Path, Data: c.Data, Version: c.Version}
	}
	return &zkconn.DeleteOp{Path: c.Path, Version: c.Version}
}
