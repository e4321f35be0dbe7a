package zksync_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

var ctx = context.Background()

// mkNodes creates nodes from lines "PATH [DATA]", parents first; a line
// starting with "!" makes an ephemeral node with the given client.
func mkNodes(t testing.TB, c *zkconn.Client, lines ...string) {
	t.Helper()
	for _, l := range lines {
		flags := int32(zkconn.FlagPersistent)
		if rest, ok := strings.CutPrefix(l, "!"); ok {
			l, flags = rest, zkconn.FlagEphemeral
		}
		p, data, _ := strings.Cut(l, " ")
		if _, err := c.Create(ctx, p, []byte(data), flags, zkconn.OpenACL); err != nil {
			t.Fatalf("create %s: %v", p, err)
		}
	}
}

// TestEmbeddedServer runs this package's tests against the embedded server
// too.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	testzk.RunEmbedded(t, "")
}
