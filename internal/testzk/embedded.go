package testzk

import (
	"flag"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/zktree/zktree/zktest"
)

// Embedded is the value of ZKTREE_TEST_ZK that makes [Addr] serve the tests
// from an embedded zktest server, started once in the test process, instead
// of a real ZooKeeper.
const Embedded = "embedded"

var embedded struct {
	once sync.Once
	srv  *zktest.Server
	err  error
}

// embeddedAddr returns the address of the process's embedded server,
// starting it on first use. It runs until the process exits.
func embeddedAddr(t testing.TB) string {
	t.Helper()
	embedded.once.Do(func() {
		embedded.srv, embedded.err = zktest.New(zktest.Config{})
	})
	if embedded.err != nil {
		t.Fatalf("start the embedded ZooKeeper server: %v", embedded.err)
	}
	return embedded.srv.Addr()
}

// RunEmbedded runs the calling package's tests again in a child process of
// the same test binary with ZKTREE_TEST_ZK=embedded, so that every
// integration test of the package also runs against the embedded server,
// and fails if any of them fails there. run, if not empty, selects the
// tests that talk to a server (the parent's -run is not passed on, so that
// -run TestEmbeddedServer runs just the embedded pass); the child gets the
// parent's -skip, -short, -failfast and -timeout flags. In the child
// RunEmbedded does nothing.
func RunEmbedded(t *testing.T, run string) {
	if os.Getenv(EnvAddr) == Embedded {
		t.Log("running against the embedded server")
		return
	}
	args := []string{"-test.v", "-test.count=1"}
	if run != "" {
		args = append(args, "-test.run="+run)
	}
	for _, name := range []string{"test.skip", "test.short", "test.failfast", "test.timeout"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != f.DefValue {
			args = append(args, "-"+name+"="+f.Value.String())
		}
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), EnvAddr+"="+Embedded)
	out, err := cmd.CombinedOutput()
	passed := len(passLine.FindAll(out, -1))
	skipped := len(skipLine.FindAll(out, -1))
	if err != nil {
		t.Fatalf("tests against the embedded server failed (%v):\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("tests against the embedded server:\n%s", out)
	}
	if passed < 2 { // RunEmbedded itself passes in the child
		t.Fatalf("no test passed against the embedded server:\n%s", out)
	}
	t.Logf("against the embedded server: %d tests passed, %d skipped (%s)", passed, skipped, strings.Join(args, " "))
}

var (
	passLine = regexp.MustCompile(`(?m)^\s*--- PASS: `)
	skipLine = regexp.MustCompile(`(?m)^\s*--- SKIP: `)
)
