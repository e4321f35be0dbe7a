package zktest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// zkCli returns the path of ZooKeeper's Java command-line client. Without
// it the test skips, except under CI (where Debian's zookeeper package is
// installed).
func zkCli(t *testing.T) string {
	for _, p := range []string{"/usr/share/zookeeper/bin/zkCli.sh", "/opt/zookeeper/bin/zkCli.sh"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("zkCli.sh"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("zkCli.sh not found")
	}
	t.Skip("zkCli.sh not found")
	return ""
}

// TestJavaClient drives the embedded server with ZooKeeper's own Java
// client: it sends the readOnly connect flag, create2, getEphemerals,
// whoAmI, addWatch, removeWatches and sync.
func TestJavaClient(t *testing.T) {
	cli := zkCli(t)
	s := Start(t)
	script := strings.Join([]string{
		`create /cli "hello"`,
		`create -e /cli/eph "x"`,
		`create -s /cli/seq- ""`,
		`create -c /cli/cont ""`,
		`ls /cli`,
		`get /cli`,
		`set /cli "bye"`,
		`getEphemerals /cli`,
		`getAllChildrenNumber /cli`,
		`addauth digest bob:pw`,
		`whoami`,
		`setAcl /cli auth:bob:pw:cdrwa`,
		`getAcl /cli`,
		`addWatch -m PERSISTENT_RECURSIVE /cli`,
		`create /cli/w ""`,
		`removewatches /cli -a`,
		`sync /cli`,
		`deleteall /cli`,
		`ls /`,
		`quit`,
	}, "\n") + "\n"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "-server", s.Addr())
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("zkCli.sh: %v\n%s", err, out)
	}
	for _, want := range []string{
		"[cont, eph, seq-0000000001]",
		"\nhello\n",
		"[/cli/eph]",
		"\n3\n",
		"digest: bob",
		"'digest,'bob:ikIaKsbtGweaHnb/jKn7OHqbunM=\n: cdrwa",
		"type:NodeCreated path:/cli/w",
		"type:PersistentWatchRemoved path:/cli",
		"Sync is OK",
		"\n[zookeeper]\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("zkCli.sh output lacks %q:\n%s", want, out)
		}
	}
}
