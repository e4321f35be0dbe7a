package zktest

import (
	"slices"
	"testing"
	"time"
)

// Start starts a server with the default configuration for a test and
// stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return StartConfig(tb, Config{})
}

// StartConfig starts a server with cfg for a test and stops it when the
// test ends.
func StartConfig(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	s, err := New(cfg)
	if err != nil {
		tb.Fatalf("zktest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Sessions returns the ids of the live sessions, in order.
func (s *Server) Sessions() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.sessions))
	for id := range s.sessions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ExpireSession expires a session now, as if its timeout had passed: its
// ephemeral nodes are deleted (firing watches) and its connection is
// closed; the client's next connect with it is told it expired. It
// reports whether the session existed.
func (s *Server) ExpireSession(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[id]
	if sess == nil {
		return false
	}
	s.endSessionLocked(sess)
	return true
}

// DropConnection closes the connection of a session without ending the
// session, as a network failure would; the client can reconnect with it
// within its timeout. It reports whether the session had a connection.
func (s *Server) DropConnection(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[id]
	if sess == nil || sess.conn == nil {
		return false
	}
	sess.conn.nc.Close()
	return true
}

// Pause stops the server from answering: requests and new connections
// wait (clients see timeouts) and no session expires, until Resume.
func (s *Server) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = true
}

// Resume ends a Pause. Session timeouts start again from now, so a pause
// alone does not expire sessions whose clients stay connected.
func (s *Server) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = false
	now := time.Now()
	for _, sess := range s.sessions {
		sess.lastSeen = now
	}
	s.resumed.Broadcast()
}

// CheckContainers deletes now, instead of at the next check interval,
// every container node that has had children and has none left.
func (s *Server) CheckContainers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checkContainersLocked()
}
