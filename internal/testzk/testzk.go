package testzk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zktree/zktree/zkconn"
)

// EnvAddr names the variable holding the test server's address.
const EnvAddr = "ZKTREE_TEST_ZK"

// Addr returns the address of the test server from ZKTREE_TEST_ZK, or of an
// embedded server when it is [Embedded]. Without it the test is skipped, or
// fails when the CI variable is set.
func Addr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv(EnvAddr)
	if addr == Embedded {
		return embeddedAddr(t)
	}
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: integration tests need a ZooKeeper server (run scripts/test.sh)", EnvAddr)
		}
		t.Skipf("%s is not set: skipping ZooKeeper integration test (scripts/test.sh runs them)", EnvAddr)
	}
	return addr
}

// RefusingAddr returns a loopback address where nothing listens, so that
// connecting to it is refused: a port that was free a moment ago.
func RefusingAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// Root creates a fresh, randomly named root node on the test server and
// returns a connection string chrooted to it ("127.0.0.1:PORT/zktree-test-…").
// The root and everything under it is deleted when the test ends.
func Root(t testing.TB) string {
	t.Helper()
	addr := Addr(t)
	return NewRoot(t, addr)
}

// NewRoot is [Root] on the server at addr (for example a [Server] started by
// the test).
func NewRoot(t testing.TB, addr string) string {
	t.Helper()
	admin := Dial(t, addr)
	root := "/zktree-test-" + randomHex(6)
	if _, err := admin.Create(context.Background(), root, []byte("{}"), zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
		t.Fatalf("create test root: %v", err)
	}
	t.Cleanup(func() {
		if err := removeAll(admin, root); err != nil {
			t.Logf("removing test root %s: %v", root, err)
		}
	})
	return addr + root
}

// Conn returns a client chrooted to a fresh root (see [Root]), closed when
// the test ends.
func Conn(t testing.TB, opts ...zkconn.Option) *zkconn.Client {
	t.Helper()
	return Dial(t, Root(t), opts...)
}

// Dial connects to addr (with a 10 s limit), failing the test on error, and
// closes the client when the test ends.
func Dial(t testing.TB, addr string, opts ...zkconn.Option) *zkconn.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := zkconn.Dial(ctx, addr, opts...)
	if err != nil {
		t.Fatalf("connect to test ZooKeeper: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// removeAll deletes p and its descendants: it lists the subtree with
// concurrent requests, then deletes it deepest first in batched
// transactions.
func removeAll(c *zkconn.Client, root string) error {
	ctx := context.Background()
	var (
		mu    sync.Mutex
		paths []string
		wg    sync.WaitGroup
		errs  []error
	)
	sem := make(chan struct{}, 64)
	var list func(p string)
	list = func(p string) {
		defer wg.Done()
		sem <- struct{}{}
		names, _, err := c.Children(ctx, p)
		<-sem
		mu.Lock()
		defer mu.Unlock()
		if errors.Is(err, zkconn.ErrNoAuth) {
			err = nil // unreadable (an ACL test's node): try to delete it as a leaf
		}
		if err = ignoreNoNode(err); err != nil {
			errs = append(errs, err)
			return
		}
		paths = append(paths, p)
		for _, n := range names {
			wg.Add(1)
			go list(path.Join(p, n))
		}
	}
	wg.Add(1)
	list(root)
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	slices.SortFunc(paths, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for batch := range slices.Chunk(paths, 500) {
		ops := make([]zkconn.Op, len(batch))
		for i, p := range batch {
			ops[i] = &zkconn.DeleteOp{Path: p, Version: -1}
		}
		if _, err := c.Multi(ctx, ops...); err == nil {
			continue
		}
		for _, p := range batch { // one by one, to delete all that can be
			if err := ignoreNoNode(c.Delete(ctx, p, -1)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func ignoreNoNode(err error) error {
	if err != nil && !isNoNode(err) {
		return err
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
