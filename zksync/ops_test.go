package zksync_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func TestLnResolveSet(t *testing.T) {
	root := testzk.Root(t)
	c := testzk.Dial(t, root)
	mkNodes(t, c, `/cms {"threads":1}`, "/cms/databases", "/databases", `/databases/main {"x":1}`)
	mkNodes(t, testzk.Dial(t, root), "!/cms/e")
	// A target ending in "/" gets the link's name appended (zc.zk's ln).
	if err := zksync.Ln(ctx, c, "/databases/", "/cms/databases/main"); err != nil {
		t.Fatal(err)
	}
	if data, _, _ := c.Get(ctx, "/cms/databases"); string(data) != `{"main ->":"/databases/main"}` {
		t.Errorf("link data %s", data)
	}
	if err := zksync.Ln(ctx, c, "/x", "/cms/databases/"); err == nil {
		t.Error("ln to a path ending in / accepted")
	}
	// Names and targets that a .zk file could not hold are refused, so
	// that every export reads back; nothing is written.
	if err := zksync.Ln(ctx, c, "/x", "/cms/a->b"); err == nil {
		t.Error("ln with the link name a->b accepted")
	}
	if err := zksync.Ln(ctx, c, "/x y", "/cms/ab"); err == nil {
		t.Error("ln to a target with a blank accepted")
	}
	if _, err := zksync.SetProps(ctx, c, "/cms", []zksync.Assignment{{Name: "a b", Value: ast.Int(1)}}); err == nil {
		t.Error("SetProps of the name 'a b' accepted")
	}
	if data, _, _ := c.Get(ctx, "/cms"); string(data) != `{"threads":1}` {
		t.Errorf("refused writes changed /cms: %s", data)
	}
	// A link named like a real child would never be followed.
	if err := zksync.Ln(ctx, c, "/x", "/cms/databases"); err == nil || !strings.Contains(err.Error(), "would never be followed") {
		t.Errorf("ln over a real child: %v", err)
	}
	// Unset removes properties, links and property links of the resolved
	// node; a key it does not have is an error and changes nothing.
	mkNodes(t, c, `/u {"a":1,"b":2,"l ->":"/cms","p =>":"/cms threads"}`, `/v {"to ->":"/u"}`)
	if real, err := zksync.UnsetProps(ctx, c, "/v/to", []string{"a", "l->", "p =>"}); err != nil || real != "/u" {
		t.Fatalf("UnsetProps = %q, %v", real, err)
	}
	if data, _, _ := c.Get(ctx, "/u"); string(data) != `{"b":2}` {
		t.Errorf("after unset: %s", data)
	}
	if _, err := zksync.UnsetProps(ctx, c, "/u", []string{"b", "nope"}); err == nil || err.Error() != `/u has no "nope" (it has: b)` {
		t.Errorf("unset of a missing key: %v", err)
	}
	if data, _, _ := c.Get(ctx, "/u"); string(data) != `{"b":2}` {
		t.Errorf("a refused unset changed /u: %s", data)
	}
	real, err := zksync.SetProps(ctx, c, "/cms/databases/main", []zksync.Assignment{{Name: "y", Value: ast.List(ast.Int(1), ast.Str("a"))}})
	if err != nil || real != "/databases/main" {
		t.Fatalf("SetProps = %q, %v", real, err)
	}
	if data, _, _ := c.Get(ctx, "/databases/main"); string(data) != `{"x":1,"y":[1,"a"]}` {
		t.Errorf("SetProps wrote %s", data)
	}
	if real, err := zksync.Resolve(ctx, c, "/cms/databases/main/"); err != nil || real != "/databases/main" {
		t.Errorf("resolve with a trailing slash = %q, %v", real, err)
	}
	var nn *eval.NoNodeError
	if _, err := zksync.Resolve(ctx, c, "/cms/databases/other"); !errors.As(err, &nn) || nn.Path != "/cms/databases/other" {
		t.Errorf("resolve of a missing link: %v", err)
	}
	if eph, err := zksync.IsEphemeral(ctx, c, "/cms/e"); !eph || err != nil {
		t.Errorf("IsEphemeral(/cms/e) = %v, %v", eph, err)
	}
	if eph, err := zksync.IsEphemeral(ctx, c, "/cms"); eph || err != nil {
		t.Errorf("IsEphemeral(/cms) = %v, %v", eph, err)
	}
}

// raceSet is a store where someone else sets path right after each of the
// first n reads of it.
type raceSet struct {
	zkconn.Store
	path string
	n    int
}

func (r *raceSet) Get(c context.Context, p string) ([]byte, *zkconn.Stat, error) {
	data, st, err := r.Store.Get(c, p)
	if p == r.path && r.n > 0 {
		r.n--
		if _, err := r.Store.Set(c, p, []byte(fmt.Sprintf(`{"other":%d}`, r.n)), -1); err != nil {
			return nil, nil, err
		}
	}
	return data, st, err
}

func TestSetPropsConcurrentChange(t *testing.T) {
	c := testzk.Conn(t)
	mkNodes(t, c, `/a {"x":1}`)
	// A change made between the read and the write is kept: the set is
	// made again on top of it.
	if _, err := zksync.SetProps(ctx, &raceSet{Store: c, path: "/a", n: 2}, "/a", []zksync.Assignment{{Name: "y", Value: ast.Int(2)}}); err != nil {
		t.Fatal(err)
	}
	if data, _, _ := c.Get(ctx, "/a"); string(data) != `{"other":0,"y":2}` {
		t.Errorf("after a concurrent change: %s", data)
	}
	// Someone who keeps changing the node wins: the set gives up, reported.
	_, err := zksync.SetProps(ctx, &raceSet{Store: c, path: "/a", n: 100}, "/a", []zksync.Assignment{{Name: "y", Value: ast.Int(3)}})
	if !errors.Is(err, zkconn.ErrBadVersion) {
		t.Errorf("set under constant change: %v", err)
	}
	if data, _, _ := c.Get(ctx, "/a"); strings.Contains(string(data), `"y":3`) {
		t.Errorf("the other writer's change was overwritten: %s", data)
	}
}
