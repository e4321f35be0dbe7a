package zksync_test

import (
	"errors"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/internal/testzk"
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
	real, err := zksync.SetProps(ctx, c, "/cms/databases/main", []zksync.Assignment{{Name: "y", Value: ast.List(ast.Int(1), ast.Str("a"))}})
	if err != nil || real != "/databases/main" {
		t.Fatalf("SetProps = %q, %v", real, err)
	}
	if data, _, _ := c.Get(ctx, "/databases/main"); string(data) != `{"x":1,"y":[1,"a"]}` {
		t.Errorf("SetProps wrote %s", data)
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
