package zktest

import (
	"time"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// handle processes one request frame; false closes the connection once
// the replies queued so far are written.
func (s *Server) handle(c *conn, frame []byte) bool {
	r := wire.NewReader(frame)
	xid, op := r.Int(), r.Int()
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.paused {
		s.resumed.Wait()
	}
	sess := c.sess
	if s.closed || sess.conn != c || s.sessions[sess.id] != sess {
		return false // closed, taken over by another connection, or ended
	}
	sess.lastSeen = time.Now()
	switch op {
	case wire.OpPing:
		c.reply(xid, s.tree.zxid, wire.OK, nil)
	case wire.OpCloseSession:
		sess.conn = nil // closed below, after the reply
		s.endSessionLocked(sess)
		c.reply(xid, s.tree.zxid, wire.OK, nil)
		return false
	case wire.OpAuth:
		return s.auth(c, xid, r)
	case wire.OpSetWatches, wire.OpSetWatches2:
		s.setWatches(c, xid, op, r)
	case wire.OpAddWatch, wire.OpRemoveWatches, wire.OpCheckWatches, wire.OpGetEphemerals,
		wire.OpGetAllChildren, wire.OpWhoAmI, wire.OpMultiRead:
		body, err := s.query(c, op, r)
		if r.Err() != nil {
			return false
		}
		c.reply(xid, s.tree.zxid, err, body)
	case wire.OpCreate, wire.OpCreate2, wire.OpCreateContainer, wire.OpCreateTTL,
		wire.OpDelete, wire.OpSetData, wire.OpSetACL:
		t := s.begin(sess)
		body, err := t.apply(op, r)
		if r.Err() != nil {
			t.rollback()
			return false
		}
		if err != wire.OK {
			t.rollback()
			c.reply(xid, t.zxid, err, nil)
			return true
		}
		t.commit()
		c.reply(xid, t.zxid, wire.OK, body)
	case wire.OpMulti:
		return s.multi(c, xid, r)
	case wire.OpExists, wire.OpGetData, wire.OpGetChildren, wire.OpGetChildren2, wire.OpGetACL, wire.OpSync:
		body, err := s.read(c, op, r)
		if r.Err() != nil {
			return false
		}
		c.reply(xid, s.tree.zxid, err, body)
	case wire.OpReconfig:
		c.reply(xid, s.tree.zxid, wire.ReconfigDisabled, nil)
	case wire.OpCreateSession:
		c.reply(xid, s.tree.zxid, wire.MarshallingError, nil)
	case wire.OpSASL:
		return false // no SASL here: ZooKeeper without it closes the connection
	default:
		// Unknown, and check outside a multi (which ZooKeeper 3.8.0 never
		// answers): ZooKeeper answers Unimplemented and closes.
		c.reply(xid, -1, wire.Unimplemented, nil)
		return false
	}
	return true
}

// reply queues a response: the reply header, then body when err is OK.
func (c *conn) reply(xid int32, zxid int64, err wire.Err, body []byte) {
	b := wire.Frame(c.s.scratch).Int(xid).Long(zxid).Int(int32(err))
	if err == wire.OK {
		b = append(b, body...)
	}
	b = b.Finish()
	c.s.scratch = b
	c.send(b)
}

// apply runs one write operation of type op read from r and returns the
// encoded response body.
func (t *txn) apply(op int32, r *wire.Reader) ([]byte, wire.Err) {
	switch op {
	case wire.OpCreate, wire.OpCreate2, wire.OpCreateContainer, wire.OpCreateTTL:
		path, data, acl, flags := r.String(), r.Bytes(), r.ACLs(), r.Int()
		if op == wire.OpCreateTTL {
			r.Long()
		}
		if r.Err() != nil {
			return nil, wire.MarshallingError
		}
		if op == wire.OpCreateTTL {
			return nil, wire.Unimplemented // TTL nodes are off by default in ZooKeeper
		}
		path, n, err := t.create(path, clone(data), acl, flags)
		if err != wire.OK {
			return nil, err
		}
		b := wire.Buf(nil).String(path)
		if op != wire.OpCreate {
			b = b.Stat(n.clientStat())
		}
		return b, wire.OK
	case wire.OpDelete:
		return nil, t.remove(r.String(), r.Int())
	case wire.OpSetData:
		n, err := t.setData(r.String(), clone(r.Bytes()), r.Int())
		return statBody(n, err)
	case wire.OpSetACL:
		n, err := t.setACL(r.String(), r.ACLs(), r.Int())
		return statBody(n, err)
	case wire.OpCheck:
		return nil, t.check(r.String(), r.Int())
	}
	return nil, wire.Unimplemented
}

func statBody(n *znode, err wire.Err) ([]byte, wire.Err) {
	if err != wire.OK {
		return nil, err
	}
	return wire.Buf(nil).Stat(n.clientStat()), wire.OK
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

// read runs a read operation. Like ZooKeeper, reads do not validate the
// path (a malformed one is simply not there).
func (s *Server) read(c *conn, op int32, r *wire.Reader) ([]byte, wire.Err) {
	path := r.String()
	if op == wire.OpSync {
		return wire.Buf(nil).String(path), wire.OK
	}
	watch := false
	if op != wire.OpGetACL {
		watch = r.Bool()
	}
	n := s.tree.nodes[path]
	if n == nil {
		if op == wire.OpExists && watch {
			s.setWatch(dataWatch, path, c, standardWatch)
		}
		return nil, wire.NoNode
	}
	ids := c.sess.ids
	switch op {
	case wire.OpExists:
		if watch {
			s.setWatch(dataWatch, path, c, standardWatch)
		}
		return wire.Buf(nil).Stat(n.clientStat()), wire.OK
	case wire.OpGetData:
		if !allowed(n.acl, wire.PermRead, ids) {
			return nil, wire.NoAuth
		}
		if watch {
			s.setWatch(dataWatch, path, c, standardWatch)
		}
		return wire.Buf(nil).Bytes(n.data).Stat(n.clientStat()), wire.OK
	case wire.OpGetACL:
		if !allowed(n.acl, wire.PermRead|wire.PermAdmin, ids) {
			return nil, wire.NoAuth
		}
		return wire.Buf(nil).ACLs(visibleACL(n.acl, ids)).Stat(n.clientStat()), wire.OK
	}
	if !allowed(n.acl, wire.PermRead, ids) {
		return nil, wire.NoAuth
	}
	if watch {
		s.setWatch(childWatch, path, c, standardWatch)
	}
	b := wire.Buf(nil).Strings(n.sortedChildren())
	if op == wire.OpGetChildren2 {
		b = b.Stat(n.clientStat())
	}
	return b, wire.OK
}

// multi runs a multi request as one transaction: all operations apply or
// none. On failure every result is an error: OK before the failing
// operation, its error, then RuntimeInconsistency; the reply header says
// OK either way.
func (s *Server) multi(c *conn, xid int32, r *wire.Reader) bool {
	type result struct {
		op   int32
		body []byte
		err  wire.Err
	}
	t := s.begin(c.sess)
	var results []result
	failed := -1
	for {
		op, done := r.Int(), r.Bool()
		r.Int()
		if r.Err() != nil {
			t.rollback()
			return false
		}
		if done {
			break
		}
		if failed >= 0 {
			skipOp(op, r)
			results = append(results, result{op: wire.OpError, err: wire.RuntimeInconsistency})
			continue
		}
		body, err := t.apply(op, r)
		if err == wire.Unimplemented || err == wire.MarshallingError {
			t.rollback()
			return false
		}
		if err != wire.OK {
			failed = len(results)
		}
		results = append(results, result{op: op, body: body, err: err})
	}
	if failed >= 0 {
		t.rollback()
		for i := range results[:failed+1] {
			results[i] = result{op: wire.OpError, err: results[i].err}
		}
	} else {
		t.commit()
	}
	b := wire.Buf(nil)
	for _, res := range results {
		typ := res.op
		if typ == wire.OpCreateContainer || typ == wire.OpCreateTTL {
			typ = wire.OpCreate2
		}
		b = b.Int(typ).Bool(false).Int(int32(res.err))
		if res.op == wire.OpError {
			b = b.Int(int32(res.err))
		} else {
			b = append(b, res.body...)
		}
	}
	b = b.Int(-1).Bool(true).Int(-1)
	c.reply(xid, t.zxid, wire.OK, b)
	return true
}

// skipOp reads past one multi operation that is not run.
func skipOp(op int32, r *wire.Reader) {
	switch op {
	case wire.OpCreate, wire.OpCreate2, wire.OpCreateContainer, wire.OpCreateTTL:
		r.Bytes()
		r.Bytes()
		r.ACLs()
		r.Int()
		if op == wire.OpCreateTTL {
			r.Long()
		}
	case wire.OpSetData:
		r.Bytes()
		r.Bytes()
		r.Int()
	default: // delete, check
		r.Bytes()
		r.Int()
	}
}

// auth handles addAuth: the digest scheme adds the identity
// user:base64(sha1(user:password)); any other scheme fails, and, as in
// ZooKeeper, the connection is closed.
func (s *Server) auth(c *conn, xid int32, r *wire.Reader) bool {
	r.Int() // type
	scheme, cred := r.String(), r.Bytes()
	if r.Err() != nil {
		return false
	}
	if scheme != "digest" {
		c.reply(xid, 0, wire.AuthFailed, nil)
		return false
	}
	id := wire.ID{Scheme: "digest", ID: DigestID(string(cred))}
	sess := c.sess
	found := false
	for _, have := range sess.ids {
		found = found || have == id
	}
	if !found {
		sess.ids = append(sess.ids, id)
	}
	c.reply(xid, 0, wire.OK, nil)
	return true
}

// setWatches re-registers a reconnecting client's watches: a watch whose
// node changed after relativeZxid fires at once, as in ZooKeeper;
// setWatches2 also restores persistent and recursive watches.
func (s *Server) setWatches(c *conn, xid, op int32, r *wire.Reader) {
	rel := r.Long()
	data, exist, child := r.Strings(), r.Strings(), r.Strings()
	if op == wire.OpSetWatches2 {
		for _, p := range r.Strings() {
			s.setWatch(dataWatch, p, c, persistentWatch)
			s.setWatch(childWatch, p, c, persistentWatch)
		}
		for _, p := range r.Strings() {
			s.setWatch(dataWatch, p, c, recursiveWatch)
		}
	}
	for _, p := range data {
		switch n := s.tree.nodes[p]; {
		case n == nil:
			c.sendEvent(watchEvent{wire.EventNodeDeleted, p})
		case n.stat.Mzxid > rel:
			c.sendEvent(watchEvent{wire.EventDataChanged, p})
		default:
			s.setWatch(dataWatch, p, c, standardWatch)
		}
	}
	for _, p := range exist {
		if s.tree.nodes[p] != nil {
			c.sendEvent(watchEvent{wire.EventNodeCreated, p})
		} else {
			s.setWatch(dataWatch, p, c, standardWatch)
		}
	}
	for _, p := range child {
		switch n := s.tree.nodes[p]; {
		case n == nil:
			c.sendEvent(watchEvent{wire.EventNodeDeleted, p})
		case n.stat.Pzxid > rel:
			c.sendEvent(watchEvent{wire.EventChildrenChged, p})
		default:
			s.setWatch(childWatch, p, c, standardWatch)
		}
	}
	c.reply(xid, s.tree.zxid, wire.OK, nil)
}
