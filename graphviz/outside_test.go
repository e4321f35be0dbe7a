package graphviz

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/zktree/zktree/ast"
	"github.com/zktree/zktree/eval"
)

// unreadable is a lookup over a model that cannot read the nodes under
// /secret, like a server whose ACLs forbid it.
type unreadable struct{ m *eval.Model }

var errDenied = errors.New("permission denied")

func (u unreadable) Exists(p string) (bool, error) {
	if strings.HasPrefix(p, "/secret") {
		return false, errDenied
	}
	return u.m.Exists(p)
}

func (u unreadable) Props(p string) (ast.Props, bool, error) {
	if strings.HasPrefix(p, "/secret") {
		return nil, false, errDenied
	}
	return u.m.Props(p)
}

// TestOutside draws a subtree from a model of that subtree alone, its
// links resolved against the whole tree: the DOT text is that of the
// whole tree drawn at the same root, and an unreadable target is drawn as
// an external node.
func TestOutside(t *testing.T) {
	const whole = `/cms : z4m
  threads => /config
  colour => /config
  db -> /alias/db/providers
  gone -> /nowhere
  /providers
/alias
  db -> /db
/db : database
  /providers
/config
  threads = 4
`
	const part = `/cms : z4m
  threads => /config
  colour => /config
  db -> /alias/db/providers
  gone -> /nowhere
  /providers
`
	full, sub := load(t, "whole.zk", []byte(whole)), load(t, "part.zk", []byte(part))
	var want, got bytes.Buffer
	if err := WriteDOT(&want, full, Options{Root: "/cms"}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOT(&got, sub, Options{Root: "/cms", Outside: full}); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("got:\n%s\nwant:\n%s", &got, &want)
	}
	for _, s := range []string{`label="db"`, `label="colour (missing)"`, `label="gone (missing)"`} {
		if !strings.Contains(got.String(), s) {
			t.Errorf("the drawing lacks %s:\n%s", s, &got)
		}
	}

	secret := load(t, "s.zk", []byte("/cms\n  s -> /secret/x\n  p => /secret/y\n"))
	got.Reset()
	if err := WriteDOT(&got, secret, Options{Root: "/cms", Outside: unreadable{full}}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="/secret/x",label=<<b>/secret/x</b>>,shape="box",style="rounded,dashed"`, `id="link /cms -> /secret/x",label="s"`,
		`id="property-link /cms -> /secret/y",label="p"`} {
		if !strings.Contains(got.String(), s) {
			t.Errorf("the drawing lacks %s:\n%s", s, &got)
		}
	}
	if strings.Contains(got.String(), "missing") {
		t.Errorf("an unreadable node is drawn as missing:\n%s", &got)
	}
}
