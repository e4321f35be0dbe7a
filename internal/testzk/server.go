package testzk

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zktree/zktree/zkconn"
)

// EnvClasspath names the variable holding the Java classpath of the
// ZooKeeper server (default /usr/share/java/zookeeper.jar).
const EnvClasspath = "ZKTREE_ZK_CLASSPATH"

// Server is a ZooKeeper server process started by a test, on loopback ports
// with its own data directory. It is stopped and its files removed when the
// test ends.
type Server struct {
	t      testing.TB
	id     int
	dir    string
	port   int
	config string

	mu  sync.Mutex
	cmd *exec.Cmd
	log *os.File
}

// Ensemble is a group of servers forming one quorum.
type Ensemble struct {
	Servers []*Server
}

// StartServer starts a standalone server and waits until it serves.
func StartServer(t testing.TB) *Server {
	t.Helper()
	s := newServer(t, 0, freePorts(t, 1)[0])
	s.writeConfig("")
	s.Start()
	return s
}

// StartEnsemble starts n servers forming one ensemble and waits until each
// serves (a quorum has formed).
func StartEnsemble(t testing.TB, n int) *Ensemble {
	t.Helper()
	ports := freePorts(t, 3*n)
	var peers strings.Builder
	for i := range n {
		fmt.Fprintf(&peers, "server.%d=127.0.0.1:%d:%d\n", i+1, ports[3*i+1], ports[3*i+2])
	}
	e := &Ensemble{}
	for i := range n {
		s := newServer(t, i+1, ports[3*i])
		s.writeConfig("initLimit=10\nsyncLimit=5\n" + peers.String())
		if err := os.WriteFile(filepath.Join(s.dir, "data", "myid"), []byte(fmt.Sprint(i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
		e.Servers = append(e.Servers, s)
	}
	for _, s := range e.Servers {
		s.launch()
	}
	for _, s := range e.Servers {
		s.waitReady()
	}
	return e
}

// Addr returns the connection string of all servers of the ensemble.
func (e *Ensemble) Addr() string {
	addrs := make([]string, len(e.Servers))
	for i, s := range e.Servers {
		addrs[i] = s.Addr()
	}
	return strings.Join(addrs, ",")
}

func newServer(t testing.TB, id, port int) *Server {
	t.Helper()
	cp := os.Getenv(EnvClasspath)
	if cp == "" {
		cp = "/usr/share/java/zookeeper.jar"
	}
	if _, err := exec.LookPath("java"); err != nil {
		skipOrFail(t, "java is not installed: cannot start a ZooKeeper server")
	}
	if _, err := os.Stat(strings.Split(cp, ":")[0]); err != nil {
		skipOrFail(t, "ZooKeeper is not installed (%s): %v", cp, err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, id: id, dir: dir, port: port, config: filepath.Join(dir, "zoo.cfg")}
	t.Cleanup(s.Stop)
	return s
}

func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func (s *Server) writeConfig(extra string) {
	cfg := fmt.Sprintf(`tickTime=500
dataDir=%s
clientPort=%d
clientPortAddress=127.0.0.1
maxClientCnxns=0
4lw.commands.whitelist=*
admin.enableServer=false
%s`, filepath.Join(s.dir, "data"), s.port, extra)
	if err := os.WriteFile(s.config, []byte(cfg), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// Addr returns the server's client address, 127.0.0.1:PORT.
func (s *Server) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

// Start starts the server (again, after [Server.Stop]) on the same port and
// data, and waits until it serves.
func (s *Server) Start() {
	s.t.Helper()
	s.launch()
	s.waitReady()
}

// Restart stops and starts the server, keeping its data.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.Start()
}

func (s *Server) launch() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	cp := os.Getenv(EnvClasspath)
	if cp == "" {
		cp = "/usr/share/java/zookeeper.jar"
	}
	log, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command("java", "-Dzookeeper.forceSync=no", "-cp", cp,
		"org.apache.zookeeper.server.quorum.QuorumPeerMain", s.config)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		s.t.Fatalf("start ZooKeeper: %v", err)
	}
	s.cmd, s.log = cmd, log
}

// Stop kills the server process (as a crash would) and waits for it to exit.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.log.Close()
	s.cmd, s.log = nil, nil
}

// waitReady waits until the server answers "srvr" with its mode, which it
// does once it serves clients (ruok answers earlier).
func (s *Server) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if mode, err := Mode(s.Addr()); err == nil && mode != "" {
			return
		}
		s.mu.Lock()
		exited := s.cmd == nil || s.cmd.ProcessState != nil
		s.mu.Unlock()
		if exited {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	logText, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	s.t.Fatalf("ZooKeeper at %s did not start; its log:\n%s", s.Addr(), logText)
}

// Mode asks the server at addr for its mode ("standalone", "leader",
// "follower") with the srvr four-letter command; "" when it does not serve.
func Mode(addr string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Write([]byte("srvr")); err != nil {
		return "", err
	}
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		if mode, ok := strings.CutPrefix(sc.Text(), "Mode: "); ok {
			return mode, nil
		}
	}
	return "", sc.Err()
}

// freePorts returns n distinct free loopback ports.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}

func isNoNode(err error) bool { return errors.Is(err, zkconn.ErrNoNode) }
