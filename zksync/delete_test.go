package zksync_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zksync"
)

func deleteFixture(t *testing.T) *zkconn.Client {
	root := testzk.Root(t)
	c := testzk.Dial(t, root)
	mkNodes(t, c, "/f", "/f/providers", "/f/x", "/f/x/y", "/g")
	mkNodes(t, testzk.Dial(t, root), "!/f/providers/a:1", "!/f/providers/a:2")
	return c
}

func TestDeleteKeepsEphemeral(t *testing.T) {
	c := deleteFixture(t)
	p, err := zksync.PlanDelete(ctx, c, "/f", zksync.DeleteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Not deleting /f/providers/a:1 because it's ephemeral.",
		"Not deleting /f/providers/a:2 because it's ephemeral.",
		"/f/providers not deleted due to ephemeral descendent.",
		"/f not deleted due to ephemeral descendent.",
	}
	if !slices.Equal(p.Messages, want) {
		t.Errorf("messages:\n%s", strings.Join(p.Messages, "\n"))
	}
	if _, err := p.Apply(ctx, c, zksync.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	assertPaths(t, c, "/", "/", "/f", "/f/providers", "/f/providers/a:1", "/f/providers/a:2", "/g")
}

func TestDeleteTreeStreams(t *testing.T) {
	c := deleteFixture(t)
	var msgs []string
	var progress []int
	res, err := zksync.DeleteTree(ctx, c, "/f", zksync.DeleteOptions{Progress: func(n int) { progress = append(progress, n) }}, func(m string) { msgs = append(msgs, m) })
	if err != nil || res.Applied != 2 || fmt.Sprint(progress) != "[2]" {
		t.Fatalf("DeleteTree = %+v, %v; progress %v", res, err, progress)
	}
	if len(msgs) != 4 || msgs[3] != "/f not deleted due to ephemeral descendent." {
		t.Errorf("messages %q", msgs)
	}
	assertPaths(t, c, "/", "/", "/f", "/f/providers", "/f/providers/a:1", "/f/providers/a:2", "/g")
	if res, err := zksync.DeleteTree(ctx, c, "/f", zksync.DeleteOptions{Force: true}, func(string) {}); err != nil || res.Applied != 4 {
		t.Fatalf("DeleteTree with force = %+v, %v", res, err)
	}
	assertPaths(t, c, "/", "/", "/g")
}

func TestDeleteTreeForceOptimistic(t *testing.T) {
	root := testzk.Root(t)
	c := testzk.Dial(t, root)
	mkNodes(t, c, "/keep", "/d", "/d/a", "/d/a/1", "/d/a/1/x", "/d/b", "/d/c", "/d/c/1", "/d/c/2")
	mkNodes(t, testzk.Dial(t, root), "!/d/a/e", "!/d/z")
	var mu sync.Mutex
	most := 0
	progress := func(n int) { mu.Lock(); most = max(most, n); mu.Unlock() }
	res, err := zksync.DeleteTree(ctx, c, "/d", zksync.DeleteOptions{Force: true, Progress: progress}, func(m string) { t.Errorf("message %q", m) })
	if err != nil || res.Applied != 10 || most != 10 {
		t.Fatalf("DeleteTree = %+v, %v; progress reached %d", res, err, most)
	}
	assertPaths(t, c, "/", "/", "/keep")
	if res, err := zksync.DeleteTree(ctx, c, "/d", zksync.DeleteOptions{Force: true}, nil); err != nil || res.Applied != 0 {
		t.Errorf("DeleteTree of a missing node = %+v, %v", res, err)
	}
}

func TestDeleteDryRunAndForce(t *testing.T) {
	c := deleteFixture(t)
	p, err := zksync.PlanDelete(ctx, c, "/f", zksync.DeleteOptions{DryRun: true, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"would delete /f/providers/a:1.", "would delete /f/providers/a:2.", "would delete /f/providers.",
		"would delete /f/x/y.", "would delete /f/x.", "would delete /f.",
	}
	if !slices.Equal(p.Messages, want) {
		t.Errorf("messages:\n%s", strings.Join(p.Messages, "\n"))
	}
	assertPaths(t, c, "/f/x", "/f/x", "/f/x/y") // a plan changes nothing
	if _, err := p.Apply(ctx, c, zksync.ApplyOptions{BatchSize: 2}); err != nil {
		t.Fatal(err)
	}
	assertPaths(t, c, "/", "/", "/g")
}

func TestDeleteConflictIsReported(t *testing.T) {
	c := deleteFixture(t)
	p, err := zksync.PlanDelete(ctx, c, "/f/x", zksync.DeleteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Set(ctx, "/f/x/y", []byte(`{"changed":1}`), -1); err != nil {
		t.Fatal(err)
	}
	_, err = p.Apply(ctx, c, zksync.ApplyOptions{})
	var ae *zksync.ApplyError
	if !errors.As(err, &ae) || ae.Applied != 0 || ae.Failed.Path != "/f/x/y" || !errors.Is(err, zkconn.ErrBadVersion) {
		t.Fatalf("apply after a concurrent change: %v", err)
	}
	if !strings.Contains(err.Error(), "applied 0 of 2 changes") {
		t.Errorf("error does not say what was applied: %v", err)
	}
	assertPaths(t, c, "/f/x", "/f/x", "/f/x/y")
}

func TestWalk(t *testing.T) {
	c := deleteFixture(t)
	var got []string
	err := zksync.Walk(ctx, c, "/f", zksync.WalkOptions{}, func(p string, children []string) error {
		got = append(got, p+" "+strings.Join(children, ","))
		return nil
	})
	want := []string{"/f providers,x", "/f/providers a:1,a:2", "/f/x y", "/f/x/y "}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("walk without ephemeral nodes = %q, %v", got, err)
	}
	if err := zksync.Walk(ctx, c, "/nope", zksync.WalkOptions{}, func(string, []string) error {
		t.Error("walk of a missing node yields")
		return nil
	}); err != nil {
		t.Error(err)
	}
}

// assertPaths checks the paths Walk finds under root (ephemeral included).
func assertPaths(t *testing.T, c *zkconn.Client, root string, want ...string) {
	t.Helper()
	var got []string
	err := zksync.Walk(ctx, c, root, zksync.WalkOptions{Ephemeral: true}, func(p string, _ []string) error {
		got = append(got, p)
		return nil
	})
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("paths under %s = %q, %v; want %q", root, got, err, want)
	}
}
