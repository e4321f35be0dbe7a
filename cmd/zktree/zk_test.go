package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zkconn"
)

// zktree runs the command line with stdin and returns its exit code and
// output.
func zktree(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs the command line and fails the test unless it succeeds.
func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := zktree(t, stdin, args...)
	if code != 0 {
		t.Fatalf("zktree %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

const cmsTree = `/lb : ipvs
  /pools
    /cms
      address = '1.2.3.4:80'
      providers -> /cms/providers
/cms : z4m cms
  threads = 3
  /providers
  /databases
    /main
`

const cmsExport = `/cms : z4m cms
  threads = 3
  /databases
    /main
  /providers
/lb : ipvs
  /pools
    /cms
      address = '1.2.3.4:80'
      providers -> /cms/providers
`

func TestCLIImportExport(t *testing.T) {
	zk := testzk.Root(t)
	if out := mustRun(t, cmsTree, "import", "--zk", zk, "-"); out != "" {
		t.Errorf("import printed %q", out)
	}
	if got := mustRun(t, "", "export", "--zk", zk); got != cmsExport {
		t.Errorf("export:\n%s", got)
	}
	// The connection string may also come from the environment.
	t.Setenv(zkconn.EnvConnection, zk)
	if got := mustRun(t, "", "export", "--compat", "zc.zk", "/lb/pools"); !strings.Contains(got, "address = u'1.2.3.4:80'") {
		t.Errorf("compat export:\n%s", got)
	}
	out := filepath.Join(t.TempDir(), "out.zk")
	mustRun(t, "", "export", "-o", out, "--name", "copy", "/cms")
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "/copy : z4m cms\n") {
		t.Errorf("export -o wrote %q", b)
	}

	changed := strings.Replace(cmsTree, "threads = 3", "threads = 4", 1)
	changed = strings.Replace(changed, "    /main\n", "", 1)
	if got := mustRun(t, changed, "import", "--dry-run", "-"); got != "/cms threads change from 3 to 4\nextra path not trimmed: /cms/databases/main\n" {
		t.Errorf("dry run printed:\n%s", got)
	}
	if got := mustRun(t, changed, "diff", "--trim", "-"); got != "~ /cms\n-     threads = 3\n+     threads = 4\n- /cms/databases/main\n" {
		t.Errorf("diff printed:\n%s", got)
	}
	if got := mustRun(t, "", "export"); got != cmsExport {
		t.Errorf("a dry run or diff changed the tree:\n%s", got)
	}
	if code, out, _ := zktree(t, changed, "diff", "--exit-code", "-"); code != 1 || out == "" {
		t.Errorf("diff --exit-code with changes: exit %d\n%s", code, out)
	}
	if code, out, _ := zktree(t, cmsTree, "diff", "--exit-code", "-"); code != 0 || out != "" {
		t.Errorf("diff --exit-code without changes: exit %d\n%s", code, out)
	}
	var plan struct {
		Changes []struct {
			Op, Path string
			Version  int32
			Data     string
		}
		Messages []string
	}
	js := mustRun(t, changed, "import", "--trim", "--dry-run", "--output", "json", "-")
	if err := json.Unmarshal([]byte(js), &plan); err != nil {
		t.Fatalf("json plan: %v\n%s", err, js)
	}
	if len(plan.Changes) != 2 || plan.Changes[0].Op != "set" || plan.Changes[0].Data != `{"threads":4,"type":"z4m cms"}` || plan.Changes[1].Op != "delete" {
		t.Errorf("json plan:\n%s", js)
	}
	mustRun(t, changed, "import", "--trim", "--atomic", "-")
	if got := mustRun(t, "", "export", "/cms"); got != "/cms : z4m cms\n  threads = 4\n  /databases\n  /providers\n" {
		t.Errorf("after import --trim:\n%s", got)
	}
}

func TestCLIBadFileChangesNothing(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, "/keep\n", "import", "--zk", zk, "-")
	for _, bad := range []string{
		"/a\n  x = 1\n/b\n  y = (\n",            // a syntax error on the last line
		"/a\n  x = 1\n/b\n  string_value = 1\n", // data that cannot be stored
	} {
		code, _, errs := zktree(t, bad, "import", "--zk", zk, "--trim", "-")
		if code != 1 || !strings.Contains(errs, "<stdin>:4:") {
			t.Errorf("import of a bad file: exit %d, stderr:\n%s", code, errs)
		}
	}
	if got := mustRun(t, "", "walk", "--zk", zk); got != "/\n/keep\n" {
		t.Errorf("a bad file changed the tree:\n%s", got)
	}
}

func TestCLIDeleteWalkResolveLnSet(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, cmsTree, "import", "--zk", zk, "-")
	owner := testzk.Dial(t, zk)
	if _, err := owner.Create(context.Background(), "/cms/providers/10.0.0.1:80", []byte(`{"pid":1}`), zkconn.FlagEphemeral, zkconn.ReadACL); err != nil {
		t.Fatal(err)
	}
	t.Setenv(zkconn.EnvConnection, zk)
	if got := mustRun(t, "", "walk", "--children", "--ephemeral=false", "/cms"); got != "/cms [databases providers]\n/cms/databases [main]\n/cms/databases/main []\n/cms/providers [10.0.0.1:80]\n" {
		t.Errorf("walk:\n%s", got)
	}
	if got := mustRun(t, "", "tree", "/cms/providers"); got != "/providers\n  /10.0.0.1:80\n    pid = 1\n" {
		t.Errorf("tree:\n%s", got)
	}
	mustRun(t, "", "ln", "/cms", "/lb/pools/web")
	if got := mustRun(t, "", "resolve", "/lb/pools/web/providers"); got != "/cms/providers\n" {
		t.Errorf("resolve: %q", got)
	}
	if code, _, errs := zktree(t, "", "resolve", "/lb/pools/nope"); code != 1 || !strings.Contains(errs, "no node /lb/pools/nope") {
		t.Errorf("resolve of a missing path: %d %s", code, errs)
	}
	// set writes through the link to the real node; values are literals.
	mustRun(t, "", "set", "/lb/pools/web", "threads=8", "name='x y'", "debug=True")
	if got := mustRun(t, "", "export", "/cms"); !strings.Contains(got, "  debug = True\n  name = 'x y'\n  threads = 8\n") {
		t.Errorf("set did not reach the real node:\n%s", got)
	}
	if code, _, errs := zktree(t, "", "set", "/cms", "x=__import__('os')"); code != 2 || !strings.Contains(errs, "literal") {
		t.Errorf("set with an expression: exit %d\n%s", code, errs)
	}
	// unset removes keys through the link too, and refuses a key the node
	// does not have.
	mustRun(t, "", "unset", "/lb/pools/web", "debug", "name")
	if got := mustRun(t, "", "export", "/cms"); strings.Contains(got, "debug") || strings.Contains(got, "name =") || !strings.Contains(got, "  threads = 8\n") {
		t.Errorf("unset did not remove debug and name from the real node:\n%s", got)
	}
	if code, _, errs := zktree(t, "", "unset", "/cms", "debug"); code != 1 || errs != "zktree: /cms has no \"debug\" (it has: threads, type)\n" {
		t.Errorf("unset of a missing key: exit %d\n%s", code, errs)
	}
	if got := mustRun(t, "", "delete", "-r", "--dry-run", "/cms"); !strings.HasPrefix(got, "would delete /cms/databases/main.\n") {
		t.Errorf("delete --dry-run:\n%s", got)
	}
	got := mustRun(t, "", "delete", "-r", "/cms")
	if got != "Not deleting /cms/providers/10.0.0.1:80 because it's ephemeral.\n/cms/providers not deleted due to ephemeral descendent.\n/cms not deleted due to ephemeral descendent.\n" {
		t.Errorf("delete -r:\n%s", got)
	}
	if got := mustRun(t, "", "walk", "/cms"); got != "/cms\n/cms/providers\n/cms/providers/10.0.0.1:80\n" {
		t.Errorf("after delete -r:\n%s", got)
	}
	if code, _, errs := zktree(t, "", "delete", "/cms"); code != 1 || !strings.Contains(errs, "the node has children (1); use -r") {
		t.Errorf("delete of a node with children: exit %d\n%s", code, errs)
	}
	mustRun(t, "", "delete", "-r", "--force", "/cms")
	if code, _, errs := zktree(t, "", "delete", "/cms"); code != 1 || !strings.Contains(errs, "delete /cms: no such node") {
		t.Errorf("delete of a missing node: exit %d\n%s", code, errs)
	}
}

func TestCLIDigestACL(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, "/secret\n  key = 'k'\n", "import", "--zk", zk, "--auth", "alice:pw", "--acl", "digest:alice:pw:rwcda", "-")
	code, _, errs := zktree(t, "", "export", "--zk", zk, "/secret")
	if code != 1 || !strings.Contains(errs, "get /secret: permission denied") {
		t.Errorf("export without credentials: exit %d\n%s", code, errs)
	}
	t.Setenv(zkconn.EnvAuth, "alice:pw")
	if got := mustRun(t, "", "export", "--zk", zk, "/secret"); got != "/secret\n  key = 'k'\n" {
		t.Errorf("export with credentials:\n%s", got)
	}
	// Re-importing with the open ACL compares and sets it.
	mustRun(t, "/secret\n  key = 'k'\n", "import", "--zk", zk, "-")
	t.Setenv(zkconn.EnvAuth, "")
	if got := mustRun(t, "", "export", "--zk", zk, "/secret"); got != "/secret\n  key = 'k'\n" {
		t.Errorf("export after the ACL was opened:\n%s", got)
	}
}

func TestCLIErrors(t *testing.T) {
	zk := testzk.Root(t)
	mustRun(t, cmsTree, "import", "--zk", zk, "-")
	t.Setenv(zkconn.EnvConnection, zk)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "/nope"}, 1, "zktree: export /nope: no such node\n"},
		{[]string{"tree", "/nope/"}, 1, "zktree: tree /nope: no such node\n"},
		{[]string{"walk", "/nope"}, 1, "zktree: walk /nope: no such node\n"},
		{[]string{"walk", "cms"}, 1, "zktree: list cms: invalid path (a ZooKeeper path starts with / and has no empty, . or .. segment)\n"},
		{[]string{"export", "--zk", "127.0.0.1:x"}, 1, `zktree: bad ZooKeeper connection string "127.0.0.1:x": server "127.0.0.1:x": want HOST:PORT with a port from 1 to 65535` + "\n"},
		{[]string{"walk", "--zk", ""}, 2, "zktree: --zk: empty ZooKeeper connection string\nRun 'zktree walk --help' for usage.\n"},
		{[]string{"import", "nope.zk"}, 1, "zktree: open nope.zk: no such file or directory\n"},
		{[]string{"import", "--path", "/nope", "-"}, 1, "zktree: import into /nope: no such node\n"},
		{[]string{"import", "-", "/nope"}, 1, "zktree: import into /nope: no such node\n"},
		{[]string{"import", "--path", "/a", "-", "/b"}, 2, "zktree: the import path is given twice: --path /a and /b\nRun 'zktree import --help' for usage.\n"},
		{[]string{"set", "/cms", "threads"}, 2, "zktree: \"threads\": want NAME=VALUE\nRun 'zktree set --help' for usage.\n"},
		{[]string{"set", "/cms", "host=db1"}, 2, "zktree: host: column 1: values are literals; expressions are not evaluated: found name \"db1\" (to store text, quote it: 'db1'); on the command line: \"host='db1'\"\nRun 'zktree set --help' for usage.\n"},
		{[]string{"set", "/cms", "threads=(1,"}, 2, "zktree: threads: column 4: unexpected end of line in tuple; expected \")\"\nRun 'zktree set --help' for usage.\n"},
	} {
		code, out, errs := zktree(t, "", tc.args...)
		if code != tc.code || out != "" || errs != tc.msg {
			t.Errorf("zktree %s: exit %d, stdout %q, stderr:\n%s\nwant exit %d, stderr:\n%s", strings.Join(tc.args, " "), code, out, errs, tc.code, tc.msg)
		}
	}
	// A failed export -o leaves the file as it was; a good one replaces it.
	file := filepath.Join(t.TempDir(), "out.zk")
	if err := os.WriteFile(file, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := zktree(t, "", "export", "-o", file, "/nope"); code != 1 {
		t.Errorf("export -o of a missing node: exit %d", code)
	}
	if b, _ := os.ReadFile(file); string(b) != "old\n" {
		t.Errorf("a failed export -o wrote %q", b)
	}
	mustRun(t, "", "export", "-o", file, "/cms/databases")
	if b, _ := os.ReadFile(file); string(b) != "/databases\n  /main\n" {
		t.Errorf("export -o wrote %q", b)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("export -o changed the file's mode: %v %v", st.Mode(), err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(file)); len(ents) != 1 {
		t.Errorf("export -o left files behind: %v", ents)
	}
	// A dry run says on stderr what it counted and that it wrote nothing.
	code, _, errs := zktree(t, "/cms\n  threads = 4\n/new\n  /sub\n", "import", "--dry-run", "--trim", "-")
	if code != 0 || errs != "zktree: dry run: 2 creates, 1 data change, 3 deletes; nothing was written (zktree diff shows each change in full)\n" {
		t.Errorf("dry run: exit %d, stderr:\n%s", code, errs)
	}
}

func TestCLIApplyReports(t *testing.T) {
	zk := testzk.Root(t)
	c := testzk.Dial(t, zk)
	if _, err := c.Create(context.Background(), "/ro", []byte("{}"), 0, zkconn.ReadACL); err != nil {
		t.Fatal(err)
	}
	// The create goes first and is applied; the set of the read-only node
	// fails, and import says what was and was not applied.
	code, out, errs := zktree(t, "/new\n/ro\n  x = 1\n", "import", "--zk", zk, "--acl", "read", "-")
	want := "zktree: set /ro failed: set /ro: permission denied (the node's ACL does not allow this with the given credentials; see --auth)\n" +
		"zktree: applied 1 of 2 changes; not applied:\n  set /ro\n"
	if code != 1 || out != "" || errs != want {
		t.Errorf("import over a read-only node: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errs, want)
	}
	if got := mustRun(t, "", "walk", "--zk", zk); got != "/\n/new\n/ro\n" {
		t.Errorf("after the failed import:\n%s", got)
	}
	// An atomic import larger than one request says that it was split.
	var b strings.Builder
	for i := range 600 { // about 1.2 MB of node data
		fmt.Fprintf(&b, "/n%03d\n  v = '%s'\n", i, strings.Repeat("x", 2000))
	}
	code, _, errs = zktree(t, b.String(), "import", "--zk", zk, "--path", "/", "--atomic", "--no-trim", "-")
	if code != 0 || !strings.HasPrefix(errs, "zktree: note: the plan is larger than one ZooKeeper request may be") || !strings.Contains(errs, "applying it in 2 transactions, each atomic") {
		t.Errorf("atomic import of 1.2 MB: exit %d, stderr:\n%s", code, errs)
	}
}

func TestCLIUnreachable(t *testing.T) {
	addr := testzk.RefusingAddr(t)
	start := time.Now()
	code, _, errs := zktree(t, "", "walk", "--zk", addr, "--timeout", "1s")
	if code != 1 || !strings.Contains(errs, "cannot connect to ZooKeeper at "+addr) {
		t.Errorf("unreachable server: exit %d\n%s", code, errs)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %s, despite --timeout 1s", d)
	}
}

// TestEmbeddedServer runs the command tests that talk to ZooKeeper (sync,
// registry and graph commands) against the embedded server too.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	testzk.RunEmbedded(t, "^(TestCLI|TestGraphLive|TestGraph_connectionFlags)")
}

// TestProgressOnlyOnTerminal checks that a progress bar is drawn only on a
// terminal: on a pipe or a buffer it writes nothing.
func TestProgressOnlyOnTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	for _, out := range []io.Writer{w, &buf} {
		p := newProgress(out, "applying", 10)
		if p.bar != nil {
			t.Errorf("a progress bar on %T", out)
		}
		p.set(5)
		p.done()
	}
	w.Close()
	if b, _ := io.ReadAll(r); len(b) > 0 || buf.Len() > 0 {
		t.Errorf("progress wrote %q and %q", b, buf.String())
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if newProgress(tty, "applying", 10).bar == nil {
			t.Error("no progress bar on a terminal")
		}
	}
}
