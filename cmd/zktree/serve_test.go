package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-zookeeper/zk"
	"github.com/zktree/zktree/zktest"
)

// serve runs "zktree serve" with args until the returned stop is called,
// and returns the address it serves on.
func serve(t *testing.T, args ...string) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	cmd := newServeCmd()
	cmd.SetArgs(args)
	cmd.SetOut(pw)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	addr = strings.TrimPrefix(strings.TrimSpace(line), "serving ZooKeeper protocol on ")
	return addr, func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestServeKeepsDataAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	addr, stop := serve(t, "--addr", "127.0.0.1:0", "--data", dir)
	c, _, err := zk.Connect([]string{addr}, 4*time.Second, zk.WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create("/kept", []byte(`{"x":1}`), 0, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create("/gone", nil, zk.FlagEphemeral, zk.WorldACL(zk.PermAll)); err != nil {
		t.Fatal(err)
	}
	stop() // with the session still open: its ephemeral node must not be kept
	c.Close()

	addr, stop = serve(t, "--addr", "127.0.0.1:0", "--data", dir)
	defer stop()
	c, _, err = zk.Connect([]string{addr}, 4*time.Second, zk.WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	data, _, err := c.Get("/kept")
	if err != nil || string(data) != `{"x":1}` {
		t.Fatalf("after restart: %q, %v", data, err)
	}
	if ok, _, err := c.Exists("/gone"); ok || err != nil {
		t.Fatalf("ephemeral node survived the restart (%v)", err)
	}
}

// TestServeRoundTripsCorpus imports every valid example tree into its own
// embedded server, exports it back, and requires the export to equal
// "export --file" of the same tree, in both value renderings: the server,
// the import and the export together lose nothing.
func TestServeRoundTripsCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "corpus", "valid", "*.zk"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example trees: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			srv := zktest.Start(t)
			if code, _, stderr := runMain("import", "--zk", srv.Addr(), file); code != 0 {
				t.Fatalf("import exited %d: %s", code, stderr)
			}
			for _, compat := range [][]string{nil, {"--compat", "zc.zk"}} {
				_, want, _ := runMain(append([]string{"export", "--file", file}, compat...)...)
				code, got, stderr := runMain(append([]string{"export", "--zk", srv.Addr()}, compat...)...)
				if code != 0 || !bytes.Equal(got, want) {
					t.Errorf("export %v (exit %d, %s):\n%s\nwant (export --file):\n%s", compat, code, stderr, got, want)
				}
			}
		})
	}
}

func TestListenAddr(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:0": "127.0.0.1:0", "127.0.0.1": "127.0.0.1:2181", "[::1]": "[::1]:2181",
		"[::1]:3000": "[::1]:3000", "localhost": "localhost:2181", ":2182": ":2182",
	} {
		if got := listenAddr(in); got != want {
			t.Errorf("listenAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
