package zksync_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

// recorder is a fake store that records the transactions and ACL writes
// Apply makes (pure scheduling logic; no server involved).
type recorder struct {
	zkconn.Store
	mu  sync.Mutex
	txs [][]string
}

func (r *recorder) Multi(_ context.Context, ops ...zkconn.Op) ([]zkconn.OpResult, error) {
	var tx []string
	for _, op := range ops {
		tx = append(tx, opString(op)+" "+op.OpPath())
	}
	r.mu.Lock()
	r.txs = append(r.txs, tx)
	r.mu.Unlock()
	return make([]zkconn.OpResult, len(ops)), nil
}

func (r *recorder) SetACL(_ context.Context, p string, _ []zkconn.ACL, _ int32) (*zkconn.Stat, error) {
	r.mu.Lock()
	r.txs = append(r.txs, []string{"acl " + p})
	r.mu.Unlock()
	return &zkconn.Stat{}, nil
}

func opString(op zkconn.Op) string {
	switch op.(type) {
	case *zkconn.CreateOp:
		return "create"
	case *zkconn.SetOp:
		return "set"
	case *zkconn.DeleteOp:
		return "delete"
	}
	return "check"
}

func TestApplyOrder(t *testing.T) {
	closed := []zkconn.ACL{{Perms: zkconn.PermRead | zkconn.PermAdmin, Scheme: "world", ID: "anyone"}}
	p := &zksync.Plan{Changes: []zksync.Change{
		{Kind: zksync.Create, Path: "/a"},
		{Kind: zksync.Create, Path: "/a/b"},
		{Kind: zksync.Update, Path: "/x"},
		{Kind: zksync.Delete, Path: "/t/u/v"},
		{Kind: zksync.Delete, Path: "/t/u"},
		{Kind: zksync.Create, Path: "/c"},
		{Kind: zksync.SetACL, Path: "/x", OldACL: closed, ACL: zkconn.OpenACL},
		{Kind: zksync.SetACL, Path: "/y", OldACL: zkconn.OpenACL, ACL: zkconn.ReadACL},
	}}
	r := &recorder{}
	res, err := p.Apply(context.Background(), r, zksync.ApplyOptions{})
	if err != nil || res.Applied != 8 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	want := [][]string{
		{"acl /x"}, // makes /x writable, so before its data
		{"create /a", "create /c"},
		{"create /a/b"},
		{"set /x"},
		{"delete /t/u/v"},
		{"delete /t/u"},
		{"acl /y"}, // takes write permission away, so last
	}
	if !slices.EqualFunc(r.txs, want, slices.Equal) {
		t.Errorf("transactions:\n%q\nwant\n%q", r.txs, want)
	}

	r = &recorder{}
	if _, err := p.Apply(context.Background(), r, zksync.ApplyOptions{Atomic: true}); err != nil {
		t.Fatal(err)
	}
	if len(r.txs) != 3 || len(r.txs[1]) != 6 || r.txs[1][0] != "create /a" || r.txs[1][5] != "create /c" {
		t.Errorf("atomic transactions: %q", r.txs)
	}
}

func TestApplyBatchSize(t *testing.T) {
	p := &zksync.Plan{}
	for i := range 25 {
		p.Changes = append(p.Changes, zksync.Change{Kind: zksync.Create, Path: "/n" + strings.Repeat("x", i)})
	}
	r := &recorder{}
	if _, err := p.Apply(context.Background(), r, zksync.ApplyOptions{BatchSize: 10}); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, tx := range r.txs {
		sizes = append(sizes, len(tx))
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{5, 10, 10}) {
		t.Errorf("transaction sizes %v", sizes)
	}
}
