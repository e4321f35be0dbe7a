package eval_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
)

// Which services share a database? Each service links to the database it
// uses; the reverse index answers the question without walking the tree.
func Example() {
	src := `
/databases
  /main : postgres
    port = 5432
  /reports : postgres
    port = 5433
/services
  /cms : service
    db -> /databases/main
    dbport => db port
  /retail : service
    db -> /databases/main
  /analytics : service
    db -> /databases/reports
`
	f, ds := lang.Parse("arch.zk", []byte(src))
	if len(ds) > 0 {
		panic(ds)
	}
	m, ds := eval.Eval(f)
	if len(ds) > 0 {
		panic(ds)
	}
	for _, db := range m.Node("/databases").Children {
		var users []string
		for _, l := range db.LinkedFrom {
			if l.From.Type == "service" {
				users = append(users, l.From.Name)
			}
		}
		slices.Sort(users)
		if len(users) > 1 {
			fmt.Printf("%s is shared by %s\n", db.Path, strings.Join(users, " and "))
		}
	}
	port, _ := m.Prop("/services/cms", "dbport")
	fmt.Println("cms reads its database port through a property link:", port)
	// Output:
	// /databases/main is shared by cms and retail
	// cms reads its database port through a property link: 5432
}

// Resolve follows links anywhere in a path, as zc.zk does.
func ExampleModel_Resolve() {
	f, _ := lang.Parse("t.zk", []byte("/lb\n  backend -> /cms\n/cms\n  /providers\n"))
	m, _ := eval.Eval(f)
	p, err := m.Resolve("/lb/backend/providers")
	fmt.Println(p, err)
	_, err = m.Resolve("/lb/frontend")
	fmt.Println(err)
	// Output:
	// /cms/providers <nil>
	// no node /lb/frontend
}

// Several files make one tree; a file can be mounted under a path (its
// absolute link targets still start at the root). Walk
// visits every node; a node's raw properties and links are what the file
// says, the resolved ones what they lead to.
func ExampleEvalMounts() {
	shared, _ := lang.Parse("shared.zk", []byte(`
/defaults
  threads = 4
/databases
  primary -> main
  /main : postgres
    port = 5432
`))
	prod, _ := lang.Parse("prod.zk", []byte(`
/web : service
  threads => /defaults
  db -> /databases/primary
  dbport => db port
`))
	m, ds := eval.EvalMounts(
		eval.Mount{Path: "/", File: shared},
		eval.Mount{Path: "/env/prod", File: prod},
	)
	if len(ds) > 0 {
		panic(ds)
	}
	m.Walk(func(n *eval.Node) bool {
		if n.Type != "service" {
			return true
		}
		raw, _ := n.Get("threads =>")
		threads, _ := m.Prop(n.Path, "threads")
		fmt.Printf("%s: threads %v (raw %v)\n", n.Path, threads, raw)
		for _, l := range n.Links {
			fmt.Printf("  link %s -> %s resolves to %s\n", l.Name(), l.Syntax.Target, l.To.Path)
		}
		props, _ := m.Properties(n)
		fmt.Println("  resolved properties:", props)
		return false
	})
	db, _ := m.ResolveNode("/env/prod/web/db")
	for _, l := range db.LinkedFrom {
		fmt.Printf("%s is linked from %s (%s)\n", db.Path, l.From.Path, l.File.Name)
	}
	// Output:
	// /env/prod/web: threads 4 (raw '/defaults')
	//   link db -> /databases/primary resolves to /databases/main
	//   resolved properties: map[dbport:5432 threads:4]
	// /databases/main is linked from /databases (shared.zk)
	// /databases/main is linked from /env/prod/web (prod.zk)
}
