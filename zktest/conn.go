package zktest

import (
	"bufio"
	"bytes"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// conn is one client connection. Responses and events are appended to out
// under outMu and written by writeLoop, so pipelined replies leave in
// few writes.
type conn struct {
	s  *Server
	nc net.Conn

	// guarded by s.mu
	sess      *session
	oldClient bool                   // the connect request had no readOnly flag
	watched   [2]map[string]struct{} // paths c watches, by table

	outMu   sync.Mutex
	out     []byte
	closing bool
	wake    chan struct{}
}

func newConn(s *Server, nc net.Conn) *conn {
	return &conn{s: s, nc: nc, wake: make(chan struct{}, 1), watched: [2]map[string]struct{}{{}, {}}}
}

// send queues one frame.
func (c *conn) send(frame []byte) {
	c.outMu.Lock()
	c.out = append(c.out, frame...)
	c.outMu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// closeAfterFlush closes the connection once everything queued is written.
func (c *conn) closeAfterFlush() {
	c.outMu.Lock()
	c.closing = true
	c.outMu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *conn) writeLoop() {
	defer c.s.wg.Done()
	var spare []byte
	for {
		select {
		case <-c.wake:
		case <-c.s.done:
			return
		}
		c.outMu.Lock()
		buf, closing := c.out, c.closing
		c.out = spare[:0]
		c.outMu.Unlock()
		if len(buf) > 0 {
			if _, err := c.nc.Write(buf); err != nil {
				c.nc.Close()
				return
			}
		}
		spare = buf
		if closing {
			c.nc.Close()
			return
		}
	}
}

func (c *conn) readLoop() {
	defer c.s.wg.Done()
	defer c.gone()
	br := bufio.NewReaderSize(c.nc, 64<<10)
	if !c.handshake(br) {
		return
	}
	var buf []byte
	for {
		frame, err := wire.ReadFrame(br, buf)
		if err != nil {
			return
		}
		buf = frame
		if !c.s.handle(c, frame) {
			return
		}
	}
}

// gone cleans up after the connection closed: its watches are dropped
// and its session, if it still belongs to it, starts its timeout.
func (c *conn) gone() {
	c.closeAfterFlush()
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	delete(c.s.conns, c)
	c.dropWatches()
	if c.sess != nil && c.sess.conn == c {
		c.sess.conn = nil
		c.sess.lastSeen = time.Now()
	}
}

var fourLetterWords = map[string]bool{"ruok": true, "srvr": true, "stat": true, "isro": true}

// handshake reads the connect request (or a four-letter word) and
// answers it; false means the connection is done.
func (c *conn) handshake(br *bufio.Reader) bool {
	head, err := br.Peek(4)
	if err != nil {
		return false
	}
	if fourLetterWords[string(head)] {
		c.fourLetterWord(string(head))
		return false
	}
	frame, err := wire.ReadFrame(br, nil)
	if err != nil {
		return false
	}
	r := wire.NewReader(frame)
	r.Int() // protocol version
	lastZxid, timeout, id, passwd := r.Long(), r.Int(), r.Long(), r.Bytes()
	hasReadOnly := r.Len() > 0
	if r.Err() != nil {
		return false
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.paused {
		s.resumed.Wait()
	}
	if s.closed || lastZxid > s.tree.zxid {
		return false // ZooKeeper refuses a client that has seen a later zxid
	}
	c.oldClient = !hasReadOnly
	sess := s.sessions[id]
	if id == 0 {
		sess = s.newSessionLocked(timeout)
	} else if sess == nil || !bytes.Equal(sess.passwd, passwd) {
		c.send(c.connectResponse(0, 0, make([]byte, 16)))
		c.closeAfterFlush()
		return false
	}
	if old := sess.conn; old != nil && old != c {
		old.nc.Close()
		old.dropWatches()
	}
	sess.conn, sess.lastSeen = c, time.Now()
	c.sess = sess
	sess.ids = sess.ids[:0:0]
	if ap, err := netip.ParseAddrPort(c.nc.RemoteAddr().String()); err == nil {
		sess.ids = append(sess.ids, wire.ID{Scheme: "ip", ID: ap.Addr().Unmap().String()})
	}
	c.send(c.connectResponse(int32(sess.timeout/time.Millisecond), sess.id, sess.passwd))
	return true
}

func (c *conn) connectResponse(timeout int32, id int64, passwd []byte) []byte {
	b := wire.Frame(nil).Int(0).Int(timeout).Long(id).Bytes(passwd)
	if !c.oldClient {
		b = b.Bool(false)
	}
	return b.Finish()
}

// fourLetterWord answers the admin commands that scripts use to see
// whether a server is up.
func (c *conn) fourLetterWord(cmd string) {
	c.s.mu.Lock()
	nodes, zxid := len(c.s.tree.nodes), c.s.tree.zxid
	c.s.mu.Unlock()
	var out string
	switch cmd {
	case "ruok":
		out = "imok"
	case "isro":
		out = "rw"
	default:
		out = "Zookeeper version: zktest (embedded)\nLatency min/avg/max: 0/0/0\nReceived: 0\nSent: 0\n" +
			"Connections: 0\nOutstanding: 0\nZxid: 0x" + strconv.FormatInt(zxid, 16) + "\nMode: standalone\nNode count: " + strconv.Itoa(nodes) + "\n"
	}
	c.nc.Write([]byte(out))
	c.nc.Close()
}

// sendEvent queues a watch notification. Like ZooKeeper 3.8, its header
// carries zxid -1.
func (c *conn) sendEvent(e watchEvent) {
	b := wire.Frame(c.s.scratch).Int(wire.XidWatchEvent).Long(-1).Int(0)
	b = b.Int(e.typ).Int(wire.StateSyncConnected).String(e.path).Finish()
	c.s.scratch = b
	c.send(b)
}
