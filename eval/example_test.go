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
    db -> ../../databases/main
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
