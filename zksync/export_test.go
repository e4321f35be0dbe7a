package zksync_test

import (
	"strings"
	"testing"

	"github.com/zktree/zktree/internal/testzk"
	"github.com/zktree/zktree/zksync"
)

func TestExport(t *testing.T) {
	root := testzk.Root(t)
	c := testzk.Dial(t, root)
	owner := testzk.Dial(t, root) // its ephemeral nodes
	mkNodes(t, c,
		`/zookeeper`, `/zookeeper/quota`,
		`/cms {"type":"z4m cms","threads":3,"providers ->":"/cms/providers","t =>":"/x t"}`,
		`/cms/providers`,
		`/cms/databases`,
		`/raw not json`,
	)
	mkNodes(t, owner, `!/cms/providers/1.2.3.4:80 {"pid":9999}`)
	for _, tc := range []struct {
		name, path string
		opts       zksync.ExportOptions
		want       string
	}{
		{"root", "/", zksync.ExportOptions{}, `/cms : z4m cms
  t => /x t
  threads = 3
  providers -> /cms/providers
  /databases
  /providers
/raw
  string_value = 'not json'
`},
		{"compat with ephemeral", "/cms/providers", zksync.ExportOptions{Ephemeral: true, Compat: true}, `/providers
  /1.2.3.4:80
    pid = 9999
`},
		{"named", "/cms/databases", zksync.ExportOptions{Name: "db"}, "/db\n"},
		{"ephemeral start hidden", "/cms/providers/1.2.3.4:80", zksync.ExportOptions{}, "\n"},
		{"root named", "/", zksync.ExportOptions{Name: "top"}, "/top\n  /cms : z4m cms\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if _, err := zksync.Export(ctx, c, &b, tc.path, tc.opts); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if tc.name == "root named" {
				got = strings.Join(strings.SplitAfter(got, "\n")[:2], "")
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	var b strings.Builder
	if _, err := zksync.Export(ctx, c, &b, "/missing", zksync.ExportOptions{}); err == nil || !strings.Contains(err.Error(), "/missing: no such node") {
		t.Errorf("export of a missing path: %v", err)
	}
}
