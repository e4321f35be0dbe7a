package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
	"github.com/zktree/zktree/zktest"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// background runs a long-running command until the returned stop is
// called (standing for an interrupt); stop returns the command's error.
func background(t *testing.T, args ...string) (out *syncBuffer, stop func() error) {
	t.Helper()
	out = &syncBuffer{}
	errs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(errs)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("the command did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return out, stop
}

// waitOutput waits until out matches the regular expression re.
func waitOutput(t *testing.T, out *syncBuffer, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(15 * time.Second)
	for !rx.MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("output does not match %q:\n%s", re, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const registryTree = `/svc
  threads = 4
  /providers
/app
  threads => /svc
  color = 'red'
  svc -> /svc
`

func TestCLIGet(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, registryTree, "import", "--zk", zk, "-")
	var got map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "", "get", "--zk", zk, "/app")), &got); err != nil {
		t.Fatal(err)
	}
	if got["threads"] != float64(4) || got["color"] != "red" || got["svc ->"] != "/svc" || len(got) != 3 {
		t.Errorf("get /app: %v", got)
	}
	if code, _, errs := zktree(t, "", "get", "--zk", zk, "/nowhere"); code != exitFail || !strings.Contains(errs, "no node /nowhere") {
		t.Errorf("get of a missing node: exit %d, %s", code, errs)
	}
}

func TestCLIRegister(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, registryTree, "import", "--zk", zk, "-")
	out, stop := background(t, "register", "--zk", zk, "/app/svc/providers", "1.2.3.4:80", "weight=3", "name='a b'")
	waitOutput(t, out, `registered /svc/providers/1.2.3.4:80\n`)
	admin := testzk.Dial(t, zk)
	data, st, err := admin.Get(context.Background(), "/svc/providers/1.2.3.4:80")
	if err != nil || st.EphemeralOwner == 0 {
		t.Fatalf("registration node: %+v, %v", st, err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m["weight"] != float64(3) || m["name"] != "a b" || m["pid"] != float64(os.Getpid()) {
		t.Errorf("registration data %s: %v", data, err)
	}
	// A second process registering the same address is refused.
	if code, _, errs := zktree(t, "", "register", "--zk", zk, "/svc/providers", "1.2.3.4:80"); code != exitFail ||
		!strings.Contains(errs, "cannot register /svc/providers/1.2.3.4:80: it is registered by another live session (0x") {
		t.Errorf("registering the address again: exit %d, %s", code, errs)
	}
	// Deleted by hand, it is put back and said so.
	if err := admin.Delete(context.Background(), "/svc/providers/1.2.3.4:80", -1); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, out, `\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z restored /svc/providers/1.2.3.4:80\n$`)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st, _ := admin.Exists(context.Background(), "/svc/providers/1.2.3.4:80"); st != nil {
		t.Error("the node outlived the command")
	}
	waitOutput(t, out, `deregistered /svc/providers/1.2.3.4:80\n`)
	if code, _, errs := zktree(t, "", "register", "--zk", zk, "/svc", "h:1", "x=oops"); code != exitUsage || !strings.Contains(errs, "x:") {
		t.Errorf("bad value: exit %d, %s", code, errs)
	}
	// Refused before connecting: no server listens at port 1.
	for _, tc := range [][]string{
		{"127.0.0.1:99999", "the port must be a number from 1 to 65535"},
		{"127.0.0.1:0", "the port must be a number from 1 to 65535"},
		{"a b:80", "the host holds a blank"},
		{"h:1", "pid: set by register", "pid=3"},
	} {
		args := append([]string{"register", "--zk", "127.0.0.1:1", "/svc", tc[0]}, tc[2:]...)
		if code, _, errs := zktree(t, "", args...); code != exitUsage || !strings.Contains(errs, tc[1]) {
			t.Errorf("register %s %v: exit %d, %s", tc[0], tc[2:], code, errs)
		}
	}
}

// TestCLIRegisterServerRestart restarts an embedded server that keeps no
// data, as "zktree serve" without --data: the registration is put back
// within seconds of the tree being imported again, and an interrupt while
// the server is down still ends with a timestamped line.
func TestCLIRegisterServerRestart(t *testing.T) {
	srv := zktest.Start(t)
	addr := srv.Addr()
	tree := "/services\n  /web\n    /providers\n"
	mustRun(t, tree, "import", "--zk", addr, "-")
	out, stop := background(t, "register", "--zk", addr, "/services/web/providers", "127.0.0.1:7000")
	waitOutput(t, out, `registered /services/web/providers/127.0.0.1:7000\n`)
	srv.Close()
	time.Sleep(3 * time.Second)
	srv, err := zktest.New(zktest.Config{Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	mustRun(t, tree, "import", "--zk", addr, "-")
	back := time.Now()
	waitOutput(t, out, `Z restored /services/web/providers/127.0.0.1:7000\n$`)
	if d := time.Since(back); d > 5*time.Second {
		t.Errorf("restored %v after the tree was back", d.Round(time.Millisecond))
	}
	srv.Close()
	if err := stop(); err == nil {
		t.Error("no error for a registration that could not be deleted")
	}
	waitOutput(t, out, `\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z not deregistered /services/web/providers/127.0.0.1:7000: .+\n$`)
}

func TestCLIRegisterWait(t *testing.T) {
	srv := testzk.StartServer(t)
	srv.Stop()
	out, stop := background(t, "register", "--wait", "--timeout", "300ms", "--zk", srv.Addr(), "/", "h:1")
	time.Sleep(time.Second)
	if out.String() != "" {
		t.Fatalf("registered with no server: %s", out)
	}
	srv.Start()
	waitOutput(t, out, `registered /h:1\n`)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestCLIWatch(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, registryTree, "import", "--zk", zk, "-")
	admin := testzk.Dial(t, zk)
	kids, stopKids := background(t, "watch", "--zk", zk, "/app/svc/providers")
	props, stopProps := background(t, "watch", "--properties", "--zk", zk, "/app")
	stamp := `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z `
	waitOutput(t, kids, `^`+stamp+`current no children\n$`)
	waitOutput(t, props, `^`+stamp+`current \{"color":"red","svc ->":"/svc","threads":4\}\n`)
	create := func(p string) {
		t.Helper()
		if _, err := admin.Create(context.Background(), p, nil, zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
			t.Fatal(err)
		}
	}
	create("/svc/providers/1.2.3.4:80")
	waitOutput(t, kids, stamp+`added 1\.2\.3\.4:80\n$`)
	create("/svc/providers/1.2.3.4:81")
	waitOutput(t, kids, stamp+`added 1\.2\.3\.4:81\n$`)
	if err := admin.Delete(context.Background(), "/svc/providers/1.2.3.4:80", -1); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, kids, stamp+`removed 1\.2\.3\.4:80\n$`)
	mustRun(t, "", "set", "--zk", zk, "/svc", "threads=5")
	waitOutput(t, props, stamp+`changed \{"color":"red","svc ->":"/svc","threads":5\}\n`)
	mustRun(t, "", "delete", "--zk", zk, "-r", "/svc")
	waitOutput(t, kids, stamp+`deleted: no node /app/svc/providers \(a link leads to /svc, which does not exist\)\n$`)
	create("/svc")
	create("/svc/providers")
	waitOutput(t, kids, stamp+`changed no children\n$`)
	if err := stopKids(); err != nil {
		t.Fatal(err)
	}
	if err := stopProps(); err != nil {
		t.Fatal(err)
	}
}

func TestCLIWatchJSON(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, registryTree, "import", "--zk", zk, "-")
	admin := testzk.Dial(t, zk)
	kids, stopKids := background(t, "watch", "--json", "--zk", zk, "/app/svc/providers")
	props, stopProps := background(t, "watch", "--json", "--properties", "--zk", zk, "/app")
	stamp := `\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",`
	waitOutput(t, kids, `^`+stamp+`"event":"current","children":\[\]\}\n$`)
	waitOutput(t, props, `^`+stamp+`"event":"current","properties":\{"color":"red","svc ->":"/svc","threads":4\}\}\n$`)
	for _, p := range []string{"/svc/providers/b:1", "/svc/providers/a:1"} {
		if _, err := admin.Create(context.Background(), p, nil, zkconn.FlagPersistent, zkconn.OpenACL); err != nil {
			t.Fatal(err)
		}
		waitOutput(t, kids, `"added":\["`+p[len("/svc/providers/"):]+`"\]\}\n$`)
	}
	waitOutput(t, kids, `\n`+stamp+`"event":"changed","children":\["a:1","b:1"\],"added":\["a:1"\]\}\n$`)
	mustRun(t, "", "delete", "--zk", zk, "-r", "/svc")
	waitOutput(t, kids, `\n`+stamp+`"event":"deleted","children":\[\],"removed":\["a:1","b:1"\],"error":"no node /app/svc/providers \(a link leads to /svc, which does not exist\)"\}\n$`)
	waitOutput(t, props, `\n`+stamp+`"event":"changed","properties":\{"color":"red","svc ->":"/svc"\}\}\n$`)
	for _, stop := range []func() error{stopKids, stopProps} {
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}
