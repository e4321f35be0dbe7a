package zksync

import (
	"context"
	"errors"
	"fmt"

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
	Applied int      // changes applied, in plan order: Changes[:Applied]
	Total   int      // changes in the plan
	Notes   []string // remarks such as a transaction split
}

// ApplyError is a failure part-way through a plan: changes before Failed
// were applied, Failed and those after it were not.
type ApplyError struct {
	Applied int // number of changes applied
	Total   int
	Failed  Change // the change that failed (or the first of its transaction)
	Err     error
}

// Error says what was and was not applied.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("%v; applied %d of %d changes, not applied: %d, from %s %s on", e.Err, e.Applied, e.Total, e.Total-e.Applied, e.Failed.Kind, e.Failed.Path)
}

// Unwrap returns the cause.
func (e *ApplyError) Unwrap() error { return e.Err }

// Apply writes the plan's changes. Data changes go in multi transactions
// (creates, sets and deletes, each version-checked); ACL changes follow, one
// request each, since a multi transaction cannot set ACLs. On failure the
// error is an [*ApplyError] saying exactly what was applied.
func (p *Plan) Apply(ctx context.Context, s zkconn.Store, opts ApplyOptions) (*Result, error) {
	res := &Result{Total: len(p.Changes)}
	var data, acls []int // indexes into p.Changes
	for i, c := range p.Changes {
		if c.Kind == SetACL {
			acls = append(acls, i)
		} else {
			data = append(data, i)
		}
	}
	batches := p.batches(data, opts)
	if opts.Atomic && len(batches) > 1 {
		res.Notes = append(res.Notes, fmt.Sprintf("the plan is larger than one ZooKeeper request may be (%d bytes, jute.maxbuffer); applying it in %d transactions, each atomic", maxRequestBytes, len(batches)))
	}
	if opts.Atomic && len(acls) > 0 {
		res.Notes = append(res.Notes, "ACL changes are applied after the transaction: ZooKeeper's multi cannot set ACLs")
	}
	for _, b := range batches {
		ops := make([]zkconn.Op, len(b))
		for j, i := range b {
			ops[j] = p.Changes[i].op()
		}
		results, err := s.Multi(ctx, ops...)
		if err != nil {
			failed := p.Changes[b[0]]
			for j, r := range results {
				if r.Err != nil {
					failed = p.Changes[b[j]]
					break
				}
			}
			return res, &ApplyError{Applied: res.Applied, Total: res.Total, Failed: failed, Err: explain(err)}
		}
		res.Applied += len(b)
		if opts.Progress != nil {
			opts.Progress(res.Applied, res.Total)
		}
	}
	for _, i := range acls {
		c := p.Changes[i]
		if _, err := s.SetACL(ctx, c.Path, c.ACL, c.Version); err != nil {
			return res, &ApplyError{Applied: res.Applied, Total: res.Total, Failed: c, Err: explain(err)}
		}
		res.Applied++
	}
	if opts.Progress != nil && len(acls) > 0 {
		opts.Progress(res.Applied, res.Total)
	}
	return res, nil
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

// batches groups the changes at idx into transactions.
func (p *Plan) batches(idx []int, opts ApplyOptions) [][]int {
	maxOps := opts.BatchSize
	if maxOps <= 0 {
		maxOps = 1000
	}
	if opts.Atomic {
		maxOps = len(idx)
	}
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
