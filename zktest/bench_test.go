package zktest

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"testing"

	"github.com/zktree/zktree/zktest/internal/wire"
)

// BenchmarkStart measures starting and stopping an embedded server.
func BenchmarkStart(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := New(Config{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkStartAndConnect measures starting a server and opening a
// session on it, what a test pays to get its own server.
func BenchmarkStartAndConnect(b *testing.B) {
	for b.Loop() {
		s, err := New(Config{})
		if err != nil {
			b.Fatal(err)
		}
		c := benchDial(b, s.Addr())
		c.nc.Close()
		s.Close()
	}
}

// benchConn is a bare connection for pipelined requests.
type benchConn struct {
	nc net.Conn
	br *bufio.Reader
}

func benchDial(b *testing.B, addr string) *benchConn {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	c := &benchConn{nc: nc, br: bufio.NewReaderSize(nc, 64<<10)}
	if _, err := nc.Write(wire.Frame(nil).Int(0).Long(0).Int(40000).Long(0).Bytes(make([]byte, 16)).Finish()); err != nil {
		b.Fatal(err)
	}
	if _, err := wire.ReadFrame(c.br, nil); err != nil {
		b.Fatal(err)
	}
	return c
}

// pipeline sends n requests built by req (window at most in flight) and
// reads their replies, failing on any error reply.
func (c *benchConn) pipeline(b *testing.B, n, window int, req func(i int, buf wire.Buf) wire.Buf) {
	errc := make(chan error, 1)
	sent := make(chan struct{}, window)
	go func() {
		bw := bufio.NewWriterSize(c.nc, 64<<10)
		var buf wire.Buf
		for i := range n {
			sent <- struct{}{}
			buf = req(i, wire.Frame(buf).Int(int32(i+1))).Finish()
			if _, err := bw.Write(buf); err != nil {
				errc <- err
				return
			}
			if len(sent) == window || i == n-1 {
				if err := bw.Flush(); err != nil {
					errc <- err
					return
				}
			}
		}
		errc <- nil
	}()
	var frame []byte
	for range n {
		var err error
		if frame, err = wire.ReadFrame(c.br, frame); err != nil {
			b.Fatal(err)
		}
		r := wire.NewReader(frame)
		r.Int()
		r.Long()
		if e := wire.Err(r.Int()); e != wire.OK {
			b.Fatalf("reply: %v", e)
		}
		<-sent
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPipelined measures create, get and set requests pipelined over
// one connection, on the embedded server and, with ZKTREE_TEST_ZK, on the
// real ZooKeeper in the same run.
func BenchmarkPipelined(b *testing.B) {
	servers := []struct{ name, addr string }{}
	s, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	servers = append(servers, struct{ name, addr string }{"embedded", s.Addr()})
	if real := realServer(); real != "" {
		servers = append(servers, struct{ name, addr string }{"zookeeper", real})
	}
	data := []byte(`{"address":"10.0.3.17:8080","threads":8}`)
	for _, srv := range servers {
		c := benchDial(b, srv.addr)
		root := fmt.Sprintf("/zktest-bench-%d", rand.Int64())
		c.pipeline(b, 1, 1, func(_ int, buf wire.Buf) wire.Buf {
			return buf.Int(wire.OpCreate).String(root).Bytes(nil).ACLs(open).Int(0)
		})
		const keys = 1000
		c.pipeline(b, keys, keys, func(i int, buf wire.Buf) wire.Buf {
			return buf.Int(wire.OpCreate).String(fmt.Sprintf("%s/k%d", root, i)).Bytes(data).ACLs(open).Int(0)
		})
		created := 0
		b.Run("create/"+srv.name, func(b *testing.B) {
			base := created
			c.pipeline(b, b.N, 1000, func(i int, buf wire.Buf) wire.Buf {
				return buf.Int(wire.OpCreate).String(fmt.Sprintf("%s/n%d", root, base+i)).Bytes(data).ACLs(open).Int(0)
			})
			created += b.N
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
		b.Run("get/"+srv.name, func(b *testing.B) {
			c.pipeline(b, b.N, 1000, func(i int, buf wire.Buf) wire.Buf {
				return buf.Int(wire.OpGetData).String(fmt.Sprintf("%s/k%d", root, i%keys)).Bool(false)
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
		b.Run("set/"+srv.name, func(b *testing.B) {
			c.pipeline(b, b.N, 1000, func(i int, buf wire.Buf) wire.Buf {
				return buf.Int(wire.OpSetData).String(fmt.Sprintf("%s/k%d", root, i%keys)).Bytes(data).Int(-1)
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
		c.pipeline(b, created+keys+1, 1000, func(i int, buf wire.Buf) wire.Buf {
			p := root
			switch {
			case i < created:
				p = fmt.Sprintf("%s/n%d", root, i)
			case i < created+keys:
				p = fmt.Sprintf("%s/k%d", root, i-created)
			}
			return buf.Int(wire.OpDelete).String(p).Int(-1)
		})
		c.nc.Close()
	}
}
