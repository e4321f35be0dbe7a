package registry

import (
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"go.uber.org/goleak"
)

// serverWatches returns the number of watches the server at addr holds
// (four-letter command wchs).
func serverWatches(t *testing.T, addr string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, "wchs"); err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Total watches:(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("wchs: %q", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestNoLeaks opens and closes many views and checks that neither
// goroutines nor watches pile up, and that closing the client leaves no
// goroutine behind.
func TestNoLeaks(t *testing.T) {
	srv := testzk.StartServer(t)
	root := testzk.NewRoot(t, srv.Addr())
	admin := testzk.Dial(t, root)
	mkNodes(t, admin, `/a {"x":1}`, "/a/k")
	for i := range 20 {
		mkNodes(t, admin, fmt.Sprintf(`/n%d {"l ->":"/a"}`, i))
	}
	ignore := goleak.IgnoreCurrent()
	c, err := Dial(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()
	for i := range 200 {
		v, err := c.Children(ctx, "/a")
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Properties(ctx, fmt.Sprintf("/n%d/l", i%20))
		if err != nil {
			t.Fatal(err)
		}
		v.Close()
		p.Close()
	}
	// Pending watches, shared by all the views that read them whatever
	// their number: /a (data, children), /n0…/n19 (data: the link) and
	// /n0/l…/n19/l (existence: a real node there would shadow the link).
	const watches = 42
	if n := c.hub.pending(); n > watches {
		t.Errorf("%d watches pending after 400 views were closed", n)
	}
	if n := serverWatches(t, srv.Addr()); n > watches {
		t.Errorf("server holds %d watches", n)
	}
	// One goroutine per pending watch, and one more per watch under a
	// chroot (zkconn relays the events); some slack for goroutines of
	// earlier tests' sessions that are still ending.
	if n := runtime.NumGoroutine(); n > goroutines+2*watches+10 {
		t.Errorf("%d goroutines, %d before the views", n, goroutines)
	}
	// Once the nodes change, the watches of the closed views are gone.
	set(t, admin, "/a", `{"x":2}`)
	mkNodes(t, admin, "/a/k2")
	for i := range 20 {
		set(t, admin, fmt.Sprintf("/n%d", i), `{}`)
		mkNodes(t, admin, fmt.Sprintf("/n%d/l", i))
	}
	waitFor(t, "pending watches to fire", func() bool { return c.hub.pending() == 0 })
	if n := serverWatches(t, srv.Addr()); n != 0 {
		t.Errorf("server holds %d watches after the closed views' nodes changed", n)
	}

	// Views still open when the client closes are closed with it.
	for range 10 {
		if _, err := c.Children(ctx, "/a"); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	goleak.VerifyNone(t, ignore)
}
