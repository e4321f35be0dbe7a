package zktest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// scenario is one protocol exchange, run against both servers. addr is
// the server; tr.root is a fresh path for the scenario to work under.
type scenario struct {
	name string
	run  func(tr *transcript, addr string)
}

var scenarios = []scenario{
	{"create", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		r := tr.root
		a.create(r+"/n", "data", open, 0)
		a.create(r+"/n", "", open, 0)
		a.create(r+"/missing/n", "", open, 0)
		for _, bad := range []string{r + "/n/", r + "//n", r + "/./n", r + "/../n", "n", "", r + "/a\x01",
			r + "/a\u0085", r + "/\ue000", r + "/\ufff0", r + "/x\U0001F600"} {
			a.create(bad, "", open, 0)
		}
		a.create(r+"/é☃", "", open, 0)
		a.create(r+"/empty-acl", "", nil, 0)
		a.create(r+"/bad-world", "", []wire.ACL{acl(wire.PermAll, "world", "bob")}, 0)
		a.create(r+"/bad-scheme", "", []wire.ACL{acl(wire.PermAll, "nope", "x")}, 0)
		a.create(r+"/bad-digest", "", []wire.ACL{acl(wire.PermAll, "digest", "nocolon")}, 0)
		a.create(r+"/bad-flags", "", open, 9)
		a.create("/", "", open, 0)
		a.create(r+"/c", "", open, wire.FlagContainer)
		a.get(r+"/n", false)
		a.exists(r+"/n", false)
		a.exists(r+"/none", false)
		a.get(r+"/none", false)
		a.get(r+"//bad", false)
		a.children(r, false)
		a.sync(r + "/n")
		a.delete("/zookeeper", -1)
		a.delete("/", -1)
	}},
	{"container", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		r := tr.root
		err, rd := a.call(wire.OpCreateContainer, wire.Buf(nil).String(r+"/c").Bytes(nil).ACLs(open).Int(wire.FlagContainer))
		if err == wire.OK {
			tr.add("createContainer: %s %s", rd.String(), tr.stat(rd.Stat()))
		} else {
			tr.add("createContainer: %v", err)
		}
		a.create(r+"/c/kid", "", open, 0)
		a.exists(r+"/c", false)
		err, _ = a.call(wire.OpCreateContainer, wire.Buf(nil).String(r+"/d").Bytes(nil).ACLs(open).Int(0))
		tr.add("createContainer with flags 0: %v", err)
		err, _ = a.call(wire.OpCreateTTL, wire.Buf(nil).String(r+"/t").Bytes(nil).ACLs(open).Int(5).Long(1000))
		tr.add("createTTL: %v", err)
	}},
	{"sequential", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		r := tr.root
		a.create(r+"/s-", "", open, wire.FlagSequential)
		a.create(r+"/s-", "", open, wire.FlagSequential)
		a.create(r+"/x", "", open, 0)
		a.create(r+"/e-", "", open, wire.FlagSequential|wire.FlagEphemeral)
		a.create(r+"/", "", open, wire.FlagSequential)
		a.delete(r+"/x", -1)
		a.create(r+"/s-", "", open, wire.FlagSequential)
		a.children(r, false)
	}},
	{"versions", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		r := tr.root
		a.create(r+"/n", "1", open, 0)
		a.set(r+"/n", "22", 1)
		a.set(r+"/n", "22", 0)
		a.set(r+"/n", "", -1)
		a.set(r+"/none", "", -1)
		a.set(r+"//bad", "", -1)
		a.create(r+"/n/k", "", open, 0)
		a.delete(r+"/n", -1)
		a.delete(r+"/n/k", 3)
		a.delete(r+"/n/k", 0)
		a.delete(r+"/n/k", 0)
		a.delete(r+"/none/k", 0)
		a.children(r+"/n", false)
		a.delete(r+"/n", 2)
		a.get(r+"/n", false)
	}},
	{"ephemeral", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		r := tr.root
		a.create(r+"/e", "", open, wire.FlagEphemeral)
		a.create(r+"/e/kid", "", open, 0)
		b.exists(r+"/e", true)
		b.children(r, true)
		a.closeSession()
		b.drain()
		b.exists(r+"/e", false)
	}},
	{"watches", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		r := tr.root
		a.exists(r+"/w", true)
		a.exists(r+"/w", true)
		b.create(r+"/w", "", open, 0)
		a.drain()
		a.get(r+"/w", true)
		a.children(r+"/w", true)
		a.children(r, true)
		b.set(r+"/w", "x", -1)
		a.drain()
		b.set(r+"/w", "y", -1) // the data watch was used up
		a.drain()
		a.get(r+"/w", true)
		a.set(r+"/w", "z", -1) // own change: the event comes before the reply
		a.get(r+"/w", true)
		a.children(r+"/w", true)
		b.create(r+"/w/k", "", open, 0)
		a.drain()
		a.children(r+"/w", true)
		a.exists(r+"/w/k", true)
		b.delete(r+"/w/k", -1)
		a.drain()
		b.delete(r+"/w", -1)
		a.drain()
		a.get(r+"/none", true) // no watch on a missing node with get
		b.create(r+"/none", "", open, 0)
		a.drain()
	}},
	{"multi", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		r := tr.root
		b.children(r, true)
		a.multi(mCreate(r+"/m", 0), mCreate(r+"/m/k", 0), mSet(r+"/m", "x", 0), mCheck(r+"/m", 1), mCreate(r+"/s-", wire.FlagSequential))
		b.drain()
		b.get(r+"/m", true)
		a.multi(mSet(r+"/m", "y", -1), mCreate(r+"/m", 0), mDelete(r+"/m/k", -1))
		a.multi(mCheck(r+"/m", 7), mSet(r+"/m", "y", -1))
		a.multi(mDelete(r+"/m/k", -1), mDelete(r+"/m", 0), mDelete(r+"/none", -1), mCreate(r+"/z", 0))
		b.drain()
		a.get(r+"/m", false)
		a.exists(r+"/z", false)
		a.multi()
		a.multi(mDelete(r+"/m/k", -1), mDelete(r+"/m", -1))
		b.drain()
	}},
	{"acl", func(tr *transcript, addr string) {
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		r := tr.root
		a.create(r+"/auth-none", "", []wire.ACL{acl(wire.PermAll, "auth", "")}, 0)
		a.addAuth("digest", "alice:secret")
		a.addAuth("digest", "alice:secret")
		a.create(r+"/p", "private", []wire.ACL{acl(wire.PermAll, "auth", "")}, 0)
		a.getACL(r + "/p")
		a.get(r+"/p", false)
		b.get(r+"/p", false)
		b.getACL(r + "/p")
		b.set(r+"/p", "x", -1)
		b.create(r+"/p/k", "", open, 0)
		b.setACL(r+"/p", open, -1)
		b.exists(r+"/p", false)
		b.children(r+"/p", false)
		b.addAuth("digest", "alice:wrong")
		b.get(r+"/p", false)
		b.addAuth("digest", "alice:secret")
		b.get(r+"/p", false)
		a.create(r+"/ro", "", []wire.ACL{acl(wire.PermRead, "world", "anyone"), acl(wire.PermAll, "digest", DigestID("alice:secret"))}, 0)
		c := tr.dial(addr, "c", 10000, 0, nil)
		c.get(r+"/ro", false)
		c.getACL(r + "/ro")
		c.set(r+"/ro", "x", -1)
		c.create(r+"/ro/k", "", open, 0)
		a.create(r+"/ro/k", "", open, 0)
		c.delete(r+"/ro/k", -1)
		a.setACL(r+"/ro", open, 5)
		a.setACL(r+"/ro", []wire.ACL{acl(wire.PermAll, "ip", "127.0.0.1"), acl(wire.PermAll, "ip", "10.0.0.0/8")}, 0)
		a.setACL(r+"/ro", []wire.ACL{acl(wire.PermAll, "ip", "not-an-ip")}, -1)
		c.set(r+"/ro", "x", -1)
		c.getACL(r + "/ro")
		a.setACL(r+"/none", open, -1)
		c.addAuth("nosuchscheme", "x")
		tr.add("c closed after bad auth: %v", c.closed())
	}},
	{"sessions", func(tr *transcript, addr string) {
		r := tr.root
		short := tr.dial(addr, "short", 100, 0, nil)
		long := tr.dial(addr, "long", 10000000, 0, nil)
		_, _ = short, long
		a := tr.dial(addr, "a", 10000, 0, nil)
		a.create(r+"/e", "", open, wire.FlagEphemeral)
		a.nc.Close()
		a2 := tr.dial(addr, "a", 10000, a.id, a.passwd)
		a2.exists(r+"/e", false)
		bad := append([]byte(nil), a.passwd...)
		bad[0] ^= 0xff
		tr.dial(addr, "a-badpw", 10000, a.id, bad)
		b := tr.dial(addr, "b", 10000, 0, nil)
		b.exists(r+"/e", true)
		// A second connection to a session takes it over and closes the first.
		a3 := tr.dial(addr, "a", 10000, a.id, a.passwd)
		tr.add("old connection closed: %v", a2.closed())
		a3.closeSession()
		b.drain()
		tr.dial(addr, "a-after-close", 10000, a.id, a.passwd)
	}},
	{"expiry", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 100, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		a.create(r+"/e", "", open, wire.FlagEphemeral)
		b.exists(r+"/e", true)
		a.nc.Close() // no closeSession: the session ends when its timeout passes
		b.waitEvent(15 * time.Second)
		tr.dial(addr, "a-after-expiry", 10000, a.id, a.passwd)
		b.exists(r+"/e", false)
	}},
	{"persistentWatches", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		a.addWatch(r+"/p", 0)
		a.addWatch(r+"/t", 1)
		a.addWatch(r+"/x", 7)
		b.create(r+"/p", "", open, 0)
		b.set(r+"/p", "1", -1)
		b.set(r+"/p", "2", -1)
		b.create(r+"/p/k", "", open, 0)
		b.create(r+"/p/k/g", "", open, 0)
		b.delete(r+"/p/k/g", -1)
		a.drain()
		b.create(r+"/t", "", open, 0)
		b.create(r+"/t/k", "", open, 0)
		b.create(r+"/t/k/g", "", open, 0)
		b.set(r+"/t/k/g", "x", -1)
		b.delete(r+"/t/k/g", -1)
		a.drain()
		a.get(r+"/p", true) // a one-shot watch beside the persistent one
		a.children(r+"/t", true)
		b.set(r+"/p", "3", -1)
		b.create(r+"/t/k2", "", open, 0)
		a.drain()
		a.watches(wire.OpCheckWatches, r+"/p", 1)
		a.watches(wire.OpCheckWatches, r+"/t", 1)
		a.watches(wire.OpCheckWatches, r+"/t", 2)
		a.watches(wire.OpRemoveWatches, r+"/t", 2)
		a.watches(wire.OpRemoveWatches, r+"/t", 2)
		a.watches(wire.OpRemoveWatches, r+"/p", 1)
		b.create(r+"/p/k2", "", open, 0)
		b.set(r+"/p", "4", -1)
		b.set(r+"/t/k", "y", -1)
		a.drain()
		a.watches(wire.OpRemoveWatches, r+"/p", 3)
		a.watches(wire.OpCheckWatches, r+"/p", 3)
		b.set(r+"/p", "5", -1)
		a.drain()
	}},
	{"watchManagement", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 10000, 0, nil)
		a.create(r+"/n", "", open, 0)
		a.watches(wire.OpCheckWatches, r+"/n", 2)
		a.get(r+"/n", true)
		a.exists(r+"/none", true)
		a.getChildren(r+"/n", true)
		a.watches(wire.OpCheckWatches, r+"/n", 2)
		a.watches(wire.OpCheckWatches, r+"/n", 1)
		a.watches(wire.OpCheckWatches, r+"/none", 2)
		a.watches(wire.OpCheckWatches, r+"/n", 9)
		a.watches(wire.OpRemoveWatches, r+"/n", 1)
		a.watches(wire.OpCheckWatches, r+"/n", 1)
		a.watches(wire.OpCheckWatches, r+"/n", 3)
		a.watches(wire.OpRemoveWatches, r+"/n", 3)
		a.watches(wire.OpRemoveWatches, r+"/none", 2)
		a.set(r+"/n", "x", -1)
		a.create(r+"/none", "", open, 0)
	}},
	{"queries", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		a.create(r+"/n", "d", open, 0)
		a.create(r+"/n/e1", "", open, wire.FlagEphemeral)
		a.create(r+"/n/e2", "", open, wire.FlagEphemeral)
		a.create(r+"/n/p", "", open, 0)
		a.create(r+"/n/p/q", "", open, 0)
		b.create(r+"/b", "", open, wire.FlagEphemeral)
		a.getEphemerals(r)
		a.getEphemerals(r + "/n/e1")
		b.getEphemerals(r)
		a.allChildren(r)
		a.allChildren(r + "/n/p/q")
		a.allChildren(r + "/none")
		a.whoAmI()
		a.addAuth("digest", "alice:secret")
		a.whoAmI()
		a.getChildren(r+"/n", false)
		a.getChildren(r+"/none", false)
		a.multiRead(mGet(r+"/n", false), mChildren(r+"/n", false), mGet(r+"/none", false), mChildren(r+"/none", true), mGet(r+"/n/p", true))
		a.multiRead()
		b.set(r+"/n/p", "x", -1)
		b.create(r+"/none", "", open, 0)
		a.drain()
		a.create(r+"/secret", "s", []wire.ACL{acl(wire.PermAll, "auth", "")}, 0)
		b.allChildren(r + "/secret")
		b.multiRead(mGet(r+"/secret", false), mChildren(r+"/secret", false))
		b.addWatch(r+"/secret", 0)
	}},
	{"limits", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 10000, 0, nil)
		a.children("/zookeeper", false)
		a.get("/zookeeper/config", false)
		a.getACL("/zookeeper/config")
		a.getACL("/zookeeper")
		a.create(r+"/big", strings.Repeat("x", 1000000), open, 0)
		a.create(r+"/huge", strings.Repeat("x", 1100000), open, 0)
	}},
	{"unsupported", func(tr *transcript, addr string) {
		for _, req := range []struct {
			name string
			op   int32
			body wire.Buf
		}{
			{"reconfig", wire.OpReconfig, wire.Buf(nil).String("").String("").String("").Long(-1)},
			{"unknown op", 999, nil},
			{"createSession on a session", wire.OpCreateSession, nil},
			{"sasl", wire.OpSASL, wire.Buf(nil).Bytes(nil)},
		} {
			c := tr.dial(addr, req.name, 10000, 0, nil)
			err, _ := c.call(req.op, req.body)
			tr.add("%s: %v", req.name, err)
			c.sync("/") // is the connection still up?
		}
	}},
	{"setWatches", func(tr *transcript, addr string) {
		r := tr.root
		a := tr.dial(addr, "a", 10000, 0, nil)
		b := tr.dial(addr, "b", 10000, 0, nil)
		a.create(r+"/same", "", open, 0)
		a.create(r+"/changed", "", open, 0)
		a.create(r+"/kids", "", open, 0)
		a.create(r+"/gone", "", open, 0)
		a.get(r+"/same", true)
		rel := a.lastZx
		a.nc.Close()
		b.set(r+"/changed", "x", -1)
		b.create(r+"/kids/k", "", open, 0)
		b.delete(r+"/gone", -1)
		b.create(r+"/born", "", open, 0)
		a2 := tr.dial(addr, "a", 10000, a.id, a.passwd)
		err, _ := a2.call(wire.OpSetWatches2, wire.Buf(nil).Long(rel).
			Strings([]string{r + "/same", r + "/changed", r + "/gone"}).
			Strings([]string{r + "/born", r + "/unborn"}).
			Strings([]string{r + "/kids", r + "/same"}).
			Strings([]string{r + "/kids"}).
			Strings([]string{r + "/born"}))
		tr.add("setWatches2: %v", err)
		a2.drain()
		b.set(r+"/same", "y", -1)
		b.create(r+"/unborn", "", open, 0)
		b.create(r+"/same/k", "", open, 0)
		b.create(r+"/born/k", "", open, 0)
		b.set(r+"/kids", "z", -1)
		a2.drain()
		b.set(r+"/kids", "zz", -1)
		a2.drain()
	}},
}

// goldenDir holds the transcripts recorded from the real ZooKeeper.
var goldenDir = filepath.Join("testdata", "scenarios")

// runScenario runs sc against addr under a fresh root and returns its
// transcript.
func runScenario(t *testing.T, addr string, sc scenario) string {
	tr := &transcript{t: t, zxids: map[int64]string{}, names: map[int64]string{}}
	setup := tr.dial(addr, "setup", 10000, 0, nil)
	tr.root = fmt.Sprintf("/zktest-%s-%d", sc.name, rand.Int64())
	setup.create(tr.root, "", open, 0)
	tr.lines, tr.zxids = nil, map[int64]string{}
	sc.run(tr, addr)
	return strings.Join(tr.lines, "\n") + "\n"
}

// realServer returns the address of the real ZooKeeper in ZKTREE_TEST_ZK,
// or "" when there is none ("embedded" asks other packages' tests to use an
// embedded server instead).
func realServer() string {
	if addr := os.Getenv("ZKTREE_TEST_ZK"); addr != "embedded" {
		return addr
	}
	return ""
}

// TestScenarios runs every scenario against the embedded server and
// compares it with the transcript recorded from the real ZooKeeper; with
// ZKTREE_TEST_ZK set, it runs them against the real server too (and with
// ZKTREE_UPDATE=1 records the transcripts from it).
func TestScenarios(t *testing.T) {
	real := realServer()
	if real == "" && os.Getenv("CI") != "" {
		t.Fatal("ZKTREE_TEST_ZK is not set")
	}
	s := Start(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			golden := filepath.Join(goldenDir, sc.name+".txt")
			if real != "" {
				got := runScenario(t, real, sc)
				if os.Getenv("ZKTREE_UPDATE") != "" {
					if err := os.MkdirAll(goldenDir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				compare(t, "real ZooKeeper", golden, got)
			}
			compare(t, "embedded server", golden, runScenario(t, s.Addr(), sc))
		})
	}
}

func compare(t *testing.T, who, golden, got string) {
	t.Helper()
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (record it with ZKTREE_UPDATE=1 and ZKTREE_TEST_ZK)", err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s differs from %s at line %d:\n got: %s\nwant: %s", who, golden, i+1, g, w)
			return
		}
	}
}
