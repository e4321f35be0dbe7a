package zktest

import (
	"cmp"
	"crypto/rand"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// Config configures a Server. The zero value is a server on a free
// loopback port with ZooKeeper's default timing, in memory.
type Config struct {
	// Addr is the address to listen on; default "127.0.0.1:0" (a free
	// port).
	Addr string
	// DataDir, when set, keeps the tree in a snapshot file there, so that
	// it survives a restart. Sessions, and so ephemeral nodes, do not.
	DataDir string
	// TickTime is ZooKeeper's tickTime (default 2s): session timeouts are
	// negotiated between 2 and 20 ticks, unless set below.
	TickTime time.Duration
	// MinSessionTimeout and MaxSessionTimeout bound the negotiated
	// session timeout (default 2 and 20 ticks).
	MinSessionTimeout, MaxSessionTimeout time.Duration
	// ContainerCheckInterval is how often empty container nodes are
	// deleted (default 60s, as ZooKeeper); see [Server.CheckContainers].
	ContainerCheckInterval time.Duration
}

func (c *Config) setDefaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:0"
	}
	if c.TickTime <= 0 {
		c.TickTime = 2 * time.Second
	}
	if c.MinSessionTimeout <= 0 {
		c.MinSessionTimeout = 2 * c.TickTime
	}
	if c.MaxSessionTimeout <= 0 {
		c.MaxSessionTimeout = 20 * c.TickTime
	}
	if c.ContainerCheckInterval <= 0 {
		c.ContainerCheckInterval = time.Minute
	}
}

// Server is an in-process ZooKeeper server speaking the real client
// protocol, for tests and local development. Its methods are safe for
// concurrent use.
type Server struct {
	cfg  Config
	ln   net.Listener
	done chan struct{}
	wg   sync.WaitGroup

	mu          sync.Mutex
	resumed     *sync.Cond // signalled when a pause ends
	paused      bool
	closed      bool
	dirty       bool
	tree        *tree
	sessions    map[int64]*session
	conns       map[*conn]struct{}
	watches     [2]*watchTable // by kind: dataWatch, childWatch
	nextSession int64
	scratch     wire.Buf
}

// session is a client session; it outlives its connections until it
// expires or is closed.
type session struct {
	id         int64
	passwd     []byte
	timeout    time.Duration
	lastSeen   time.Time
	conn       *conn
	ids        []wire.ID // authenticated identities: ip, then digests
	ephemerals map[string]struct{}
}

// New starts a server.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	s := &Server{
		cfg:         cfg,
		done:        make(chan struct{}),
		tree:        newTree(),
		sessions:    map[int64]*session{},
		conns:       map[*conn]struct{}{},
		watches:     [2]*watchTable{newWatchTable(), newWatchTable()},
		nextSession: time.Now().UnixMilli() << 16,
	}
	s.resumed = sync.NewCond(&s.mu)
	if cfg.DataDir != "" {
		t, err := loadSnapshot(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		if t != nil {
			s.tree = t
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, err
	}
	s.ln = ln
	s.wg.Add(2)
	go s.accept()
	go s.housekeeping()
	return s, nil
}

// Addr returns the address the server listens on, host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server: it closes every connection (sessions end with
// the server) and, with a data directory, writes the final snapshot.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.paused = false
	s.resumed.Broadcast()
	for c := range s.conns {
		c.nc.Close()
	}
	s.mu.Unlock()
	close(s.done)
	err := s.ln.Close()
	s.wg.Wait()
	if s.cfg.DataDir != "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.saveLocked()
	}
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return
		}
		if tc, ok := nc.(*net.TCPConn); ok {
			tc.SetNoDelay(true)
		}
		c := newConn(s, nc)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(2)
		s.mu.Unlock()
		go c.readLoop()
		go c.writeLoop()
	}
}

// housekeeping expires sessions, deletes empty containers and writes
// snapshots.
func (s *Server) housekeeping() {
	defer s.wg.Done()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	lastContainers, lastSave := time.Now(), time.Now()
	for {
		select {
		case <-s.done:
			return
		case now := <-tick.C:
			s.mu.Lock()
			if !s.paused {
				s.expireIdleLocked(now)
				if now.Sub(lastContainers) >= s.cfg.ContainerCheckInterval {
					lastContainers = now
					s.checkContainersLocked()
				}
				if s.dirty && s.cfg.DataDir != "" && now.Sub(lastSave) >= snapshotInterval {
					lastSave = now
					s.saveLocked()
				}
			}
			s.mu.Unlock()
		}
	}
}

// snapshotInterval is how often a changed tree is written to the data
// directory (and on Close).
const snapshotInterval = 500 * time.Millisecond

// expireIdleLocked ends, oldest first, the sessions not heard from within
// their timeout.
func (s *Server) expireIdleLocked(now time.Time) {
	var idle []*session
	for _, sess := range s.sessions {
		if now.Sub(sess.lastSeen) > sess.timeout {
			idle = append(idle, sess)
		}
	}
	slices.SortFunc(idle, func(a, b *session) int { return cmp.Compare(a.id, b.id) })
	for _, sess := range idle {
		s.endSessionLocked(sess)
	}
}

// newSessionLocked creates a session with a negotiated timeout.
func (s *Server) newSessionLocked(timeoutMs int32) *session {
	t := time.Duration(timeoutMs) * time.Millisecond
	t = max(s.cfg.MinSessionTimeout, min(s.cfg.MaxSessionTimeout, t))
	s.nextSession++
	sess := &session{
		id: s.nextSession, passwd: make([]byte, 16), timeout: t,
		lastSeen: time.Now(), ephemerals: map[string]struct{}{},
	}
	rand.Read(sess.passwd)
	s.sessions[sess.id] = sess
	return sess
}

// endSessionLocked ends a session as ZooKeeper does on expiry or close:
// one transaction deletes its ephemeral nodes (firing their watches), and
// its connection, if any, is closed.
func (s *Server) endSessionLocked(sess *session) {
	t := s.begin(sess)
	paths := make([]string, 0, len(sess.ephemerals))
	for p := range sess.ephemerals {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range slices.Backward(paths) { // children before parents
		if n := s.tree.nodes[p]; n != nil {
			parent, name := splitPath(p)
			t.unlink(p, parent, name, n, s.tree.nodes[parent])
		}
	}
	t.commit()
	delete(s.sessions, sess.id)
	if sess.conn != nil {
		sess.conn.closeAfterFlush()
	}
}

// begin starts a write transaction with the next zxid.
func (s *Server) begin(sess *session) *txn {
	s.tree.zxid++
	s.dirty = true
	return &txn{s: s, sess: sess, zxid: s.tree.zxid, now: time.Now().UnixMilli()}
}

// checkContainersLocked deletes container nodes that have had children and
// have none left.
func (s *Server) checkContainersLocked() {
	var empty []string
	for p, n := range s.tree.nodes {
		if n.stat.EphemeralOwner == wire.ContainerOwner && len(n.children) == 0 && n.stat.Cversion > 0 {
			empty = append(empty, p)
		}
	}
	slices.Sort(empty)
	for _, p := range empty {
		t := s.begin(nil)
		parent, name := splitPath(p)
		t.unlink(p, parent, name, s.tree.nodes[p], s.tree.nodes[parent])
		t.commit()
	}
}
