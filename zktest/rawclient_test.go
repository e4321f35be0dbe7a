package zktest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// transcript records what a protocol scenario observes, normalised so
// that the real ZooKeeper and the embedded server can be compared: the
// scenario's root path becomes R, zxids become z1, z2, … in order of first
// appearance, session ids become the names of the clients that own them.
type transcript struct {
	t     *testing.T
	root  string
	lines []string
	zxids map[int64]string
	names map[int64]string
}

func (tr *transcript) add(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if tr.root != "" {
		line = strings.ReplaceAll(line, tr.root, "R")
	}
	tr.lines = append(tr.lines, line)
}

func (tr *transcript) zxid(z int64) string {
	if z <= 0 {
		return fmt.Sprint(z)
	}
	if s, ok := tr.zxids[z]; ok {
		return s
	}
	s := fmt.Sprintf("z%d", len(tr.zxids)+1)
	tr.zxids[z] = s
	return s
}

func (tr *transcript) owner(id int64) string {
	switch {
	case id == 0:
		return "0"
	case id == wire.ContainerOwner:
		return "container"
	}
	if n, ok := tr.names[id]; ok {
		return n
	}
	return "other"
}

func (tr *transcript) stat(s wire.Stat) string {
	return fmt.Sprintf("czxid=%s mzxid=%s pzxid=%s ver=%d cver=%d aver=%d eph=%s len=%d kids=%d",
		tr.zxid(s.Czxid), tr.zxid(s.Mzxid), tr.zxid(s.Pzxid), s.Version, s.Cversion, s.Aversion,
		tr.owner(s.EphemeralOwner), s.DataLength, s.NumChildren)
}

// rawClient is a minimal ZooKeeper client that shows the protocol as it
// is: replies, error codes and watch events in the order they arrive.
type rawClient struct {
	tr      *transcript
	name    string
	nc      net.Conn
	br      *bufio.Reader
	xid     int32
	id      int64
	passwd  []byte
	timeout int32
	lastZx  int64
}

// dial opens a session (or resumes id/passwd) and records the outcome.
func (tr *transcript) dial(addr, name string, timeoutMs int32, id int64, passwd []byte) *rawClient {
	tr.t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.t.Cleanup(func() { nc.Close() })
	c := &rawClient{tr: tr, name: name, nc: nc, br: bufio.NewReader(nc)}
	if passwd == nil {
		passwd = make([]byte, 16)
	}
	req := wire.Frame(nil).Int(0).Long(0).Int(timeoutMs).Long(id).Bytes(passwd).Bool(false).Finish()
	if _, err := nc.Write(req); err != nil {
		tr.t.Fatal(err)
	}
	r := wire.NewReader(c.readFrame())
	r.Int()
	c.timeout, c.id, c.passwd = r.Int(), r.Long(), r.Bytes()
	if c.id != 0 {
		tr.names[c.id] = name
	}
	tr.add("%s connect: timeout=%d session=%s", name, c.timeout, tr.owner(c.id))
	return c
}

// readFrame reads the next frame; nil when the server closed the
// connection.
func (c *rawClient) readFrame() []byte {
	c.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	frame, err := wire.ReadFrame(c.br, nil)
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
		return nil
	}
	if err != nil {
		c.tr.t.Fatalf("%s: read: %v", c.name, err)
	}
	return frame
}

// call sends a request and returns the reply's error and body, recording
// the watch events that arrive before it; ConnectionLoss when the server
// closes the connection instead.
func (c *rawClient) call(op int32, body wire.Buf) (wire.Err, *wire.Reader) {
	c.tr.t.Helper()
	c.xid++
	req := append(wire.Frame(nil).Int(c.xid).Int(op), body...)
	if _, err := c.nc.Write(wire.Buf(req).Finish()); err != nil {
		return wire.ConnectionLoss, wire.NewReader(nil)
	}
	for {
		frame := c.readFrame()
		if frame == nil {
			return wire.ConnectionLoss, wire.NewReader(nil)
		}
		r := wire.NewReader(frame)
		xid := r.Int()
		if xid == wire.XidWatchEvent {
			c.event(r)
			continue
		}
		zxid, err := r.Long(), wire.Err(r.Int())
		if xid == wire.XidPing {
			continue // the reply to a keep-alive ping
		}
		if xid != c.xid {
			c.tr.t.Fatalf("%s: reply xid %d, want %d", c.name, xid, c.xid)
		}
		if zxid > 0 {
			c.lastZx = zxid
		}
		return err, r
	}
}

// event records a notification; r is past its xid.
func (c *rawClient) event(r *wire.Reader) {
	zxid, _ := r.Long(), r.Int()
	typ, state, path := r.Int(), r.Int(), r.String()
	names := map[int32]string{1: "NodeCreated", 2: "NodeDeleted", 3: "NodeDataChanged", 4: "NodeChildrenChanged"}
	c.tr.add("%s event %s %s state=%d zxid=%s", c.name, names[typ], path, state, c.tr.zxid(zxid))
}

// drain records the events that arrive within a short time (used after
// another client's change); a ping marks the end.
func (c *rawClient) drain() {
	c.tr.t.Helper()
	time.Sleep(50 * time.Millisecond)
	c.xid++
	if _, err := c.nc.Write(wire.Frame(nil).Int(wire.XidPing).Int(wire.OpPing).Finish()); err != nil {
		c.tr.t.Fatal(err)
	}
	for {
		frame := c.readFrame()
		if frame == nil {
			c.tr.t.Fatalf("%s: connection closed", c.name)
		}
		r := wire.NewReader(frame)
		xid := r.Int()
		if xid == wire.XidWatchEvent {
			c.event(r)
			continue
		}
		if xid == wire.XidPing {
			c.xid--
			return
		}
	}
}

// waitEvent records the next watch event, pinging to keep the session
// alive while it waits up to d.
func (c *rawClient) waitEvent(d time.Duration) {
	c.tr.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		c.nc.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		frame, err := wire.ReadFrame(c.br, nil)
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				c.nc.Write(wire.Frame(nil).Int(wire.XidPing).Int(wire.OpPing).Finish())
				continue
			}
			c.tr.t.Fatalf("%s: %v", c.name, err)
		}
		r := wire.NewReader(frame)
		if xid := r.Int(); xid == wire.XidWatchEvent {
			c.event(r)
			return
		}
	}
	c.tr.add("%s: no event within %v", c.name, d)
}

// closed reports whether the server closed the connection.
func (c *rawClient) closed() bool {
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		frame, err := wire.ReadFrame(c.br, nil)
		if err != nil {
			return true
		}
		r := wire.NewReader(frame)
		if xid := r.Int(); xid == wire.XidWatchEvent {
			c.event(r)
			continue
		}
		return false
	}
}

func acl(perms int32, scheme, id string) wire.ACL {
	return wire.ACL{Perms: perms, ID: wire.ID{Scheme: scheme, ID: id}}
}

var open = []wire.ACL{acl(wire.PermAll, "world", "anyone")}

func (c *rawClient) create(path, data string, acls []wire.ACL, flags int32) string {
	err, r := c.call(wire.OpCreate2, wire.Buf(nil).String(path).Bytes([]byte(data)).ACLs(acls).Int(flags))
	if err != wire.OK {
		c.tr.add("%s create %s flags=%d: %v", c.name, path, flags, err)
		return ""
	}
	p, st := r.String(), r.Stat()
	c.tr.add("%s create %s flags=%d: %s %s", c.name, path, flags, p, c.tr.stat(st))
	return p
}

func (c *rawClient) get(path string, watch bool) {
	err, r := c.call(wire.OpGetData, wire.Buf(nil).String(path).Bool(watch))
	if err != wire.OK {
		c.tr.add("%s get %s watch=%v: %v", c.name, path, watch, err)
		return
	}
	data, st := r.Bytes(), r.Stat()
	c.tr.add("%s get %s watch=%v: %q %s", c.name, path, watch, data, c.tr.stat(st))
}

func (c *rawClient) exists(path string, watch bool) {
	err, r := c.call(wire.OpExists, wire.Buf(nil).String(path).Bool(watch))
	if err != wire.OK {
		c.tr.add("%s exists %s watch=%v: %v", c.name, path, watch, err)
		return
	}
	c.tr.add("%s exists %s watch=%v: %s", c.name, path, watch, c.tr.stat(r.Stat()))
}

func (c *rawClient) set(path, data string, version int32) {
	err, r := c.call(wire.OpSetData, wire.Buf(nil).String(path).Bytes([]byte(data)).Int(version))
	if err != wire.OK {
		c.tr.add("%s set %s v=%d: %v", c.name, path, version, err)
		return
	}
	c.tr.add("%s set %s v=%d: %s", c.name, path, version, c.tr.stat(r.Stat()))
}

func (c *rawClient) delete(path string, version int32) {
	err, _ := c.call(wire.OpDelete, wire.Buf(nil).String(path).Int(version))
	c.tr.add("%s delete %s v=%d: %v", c.name, path, version, err)
}

func (c *rawClient) children(path string, watch bool) {
	err, r := c.call(wire.OpGetChildren2, wire.Buf(nil).String(path).Bool(watch))
	if err != wire.OK {
		c.tr.add("%s children %s watch=%v: %v", c.name, path, watch, err)
		return
	}
	kids := r.Strings()
	slices.Sort(kids)
	c.tr.add("%s children %s watch=%v: %v %s", c.name, path, watch, kids, c.tr.stat(r.Stat()))
}

func (c *rawClient) getACL(path string) {
	err, r := c.call(wire.OpGetACL, wire.Buf(nil).String(path))
	if err != wire.OK {
		c.tr.add("%s getACL %s: %v", c.name, path, err)
		return
	}
	c.tr.add("%s getACL %s: %v %s", c.name, path, r.ACLs(), c.tr.stat(r.Stat()))
}

func (c *rawClient) setACL(path string, acls []wire.ACL, version int32) {
	err, r := c.call(wire.OpSetACL, wire.Buf(nil).String(path).ACLs(acls).Int(version))
	if err != wire.OK {
		c.tr.add("%s setACL %s v=%d: %v", c.name, path, version, err)
		return
	}
	c.tr.add("%s setACL %s v=%d: %s", c.name, path, version, c.tr.stat(r.Stat()))
}

func (c *rawClient) addAuth(scheme, cred string) {
	err, _ := c.call(wire.OpAuth, wire.Buf(nil).Int(0).String(scheme).Bytes([]byte(cred)))
	c.tr.add("%s addAuth %s %s: %v", c.name, scheme, cred, err)
}

func (c *rawClient) sync(path string) {
	err, r := c.call(wire.OpSync, wire.Buf(nil).String(path))
	c.tr.add("%s sync %s: %v %s", c.name, path, err, r.String())
}

func (c *rawClient) closeSession() {
	err, _ := c.call(wire.OpCloseSession, nil)
	c.tr.add("%s closeSession: %v closed=%v", c.name, err, c.closed())
}

// multiOp is one operation of a multi request, already encoded.
type multiOp struct {
	op   int32
	body wire.Buf
}

func mCreate(path string, flags int32) multiOp {
	return multiOp{wire.OpCreate, wire.Buf(nil).String(path).Bytes(nil).ACLs(open).Int(flags)}
}
func mDelete(path string, v int32) multiOp {
	return multiOp{wire.OpDelete, wire.Buf(nil).String(path).Int(v)}
}
func mSet(path, data string, v int32) multiOp {
	return multiOp{wire.OpSetData, wire.Buf(nil).String(path).Bytes([]byte(data)).Int(v)}
}
func mCheck(path string, v int32) multiOp {
	return multiOp{wire.OpCheck, wire.Buf(nil).String(path).Int(v)}
}

func (c *rawClient) multi(ops ...multiOp) {
	b := wire.Buf(nil)
	for _, op := range ops {
		b = append(b.Int(op.op).Bool(false).Int(-1), op.body...)
	}
	b = b.Int(-1).Bool(true).Int(-1)
	err, r := c.call(wire.OpMulti, b)
	var res []string
	for r.Err() == nil && r.Len() > 0 {
		typ, done, e := r.Int(), r.Bool(), r.Int()
		if done {
			res = append(res, fmt.Sprintf("done(%d,%d)", typ, e))
			break
		}
		switch typ {
		case wire.OpError:
			res = append(res, "error:"+wire.Err(r.Int()).String())
		case wire.OpCreate:
			res = append(res, "create:"+r.String())
		case wire.OpCreate2:
			res = append(res, "create2:"+r.String()+" "+c.tr.stat(r.Stat()))
		case wire.OpSetData:
			res = append(res, "set:"+c.tr.stat(r.Stat()))
		default:
			res = append(res, fmt.Sprintf("op%d", typ))
		}
	}
	c.tr.add("%s multi: %v %v", c.name, err, res)
}

func (c *rawClient) addWatch(path string, mode int32) {
	err, _ := c.call(wire.OpAddWatch, wire.Buf(nil).String(path).Int(mode))
	c.tr.add("%s addWatch %s mode=%d: %v", c.name, path, mode, err)
}

// watches sends removeWatches or checkWatches.
func (c *rawClient) watches(op int32, path string, typ int32) {
	err, _ := c.call(op, wire.Buf(nil).String(path).Int(typ))
	name := map[int32]string{wire.OpRemoveWatches: "removeWatches", wire.OpCheckWatches: "checkWatches"}[op]
	c.tr.add("%s %s %s type=%d: %v", c.name, name, path, typ, err)
}

func (c *rawClient) getEphemerals(prefix string) {
	err, r := c.call(wire.OpGetEphemerals, wire.Buf(nil).String(prefix))
	paths := r.Strings()
	slices.Sort(paths)
	c.tr.add("%s getEphemerals %s: %v %v", c.name, prefix, err, paths)
}

func (c *rawClient) allChildren(path string) {
	err, r := c.call(wire.OpGetAllChildren, wire.Buf(nil).String(path))
	c.tr.add("%s getAllChildrenNumber %s: %v %d", c.name, path, err, r.Int())
}

func (c *rawClient) whoAmI() {
	err, r := c.call(wire.OpWhoAmI, nil)
	var ids []string
	for n := r.Int(); n > 0 && r.Err() == nil; n-- {
		ids = append(ids, r.String()+":"+r.String())
	}
	slices.Sort(ids)
	c.tr.add("%s whoAmI: %v %v", c.name, err, ids)
}

func (c *rawClient) getChildren(path string, watch bool) {
	err, r := c.call(wire.OpGetChildren, wire.Buf(nil).String(path).Bool(watch))
	kids := r.Strings()
	slices.Sort(kids)
	c.tr.add("%s getChildren %s watch=%v: %v %v", c.name, path, watch, err, kids)
}

// multiRead sends getData (op 4) and getChildren (op 8) operations.
func (c *rawClient) multiRead(ops ...multiOp) {
	b := wire.Buf(nil)
	for _, op := range ops {
		b = append(b.Int(op.op).Bool(false).Int(-1), op.body...)
	}
	err, r := c.call(wire.OpMultiRead, b.Int(-1).Bool(true).Int(-1))
	var res []string
	for r.Err() == nil && r.Len() > 0 {
		typ, done, e := r.Int(), r.Bool(), r.Int()
		if done {
			break
		}
		switch typ {
		case wire.OpError:
			res = append(res, fmt.Sprintf("error:%v/%v", wire.Err(e), wire.Err(r.Int())))
		case wire.OpGetData:
			res = append(res, fmt.Sprintf("data:%q %s", r.Bytes(), c.tr.stat(r.Stat())))
		case wire.OpGetChildren:
			kids := r.Strings()
			slices.Sort(kids)
			res = append(res, fmt.Sprintf("children:%v", kids))
		default:
			res = append(res, fmt.Sprintf("op%d", typ))
		}
	}
	c.tr.add("%s multiRead: %v %v", c.name, err, res)
}

func mGet(path string, watch bool) multiOp {
	return multiOp{wire.OpGetData, wire.Buf(nil).String(path).Bool(watch)}
}
func mChildren(path string, watch bool) multiOp {
	return multiOp{wire.OpGetChildren, wire.Buf(nil).String(path).Bool(watch)}
}
