package lint_test

import (
	"os"

	"github.com/zktree/zktree/eval"
	"github.com/zktree/zktree/lang"
	"github.com/zktree/zktree/lint"
)

func ExampleRun() {
	src := []byte(`/app
  db -> /databases/mian
  /db
/databases
  /main
`)
	f, _ := lang.Parse("arch.zk", src)
	m, _ := eval.Eval(f)
	sources := map[string][]byte{"arch.zk": src}
	findings := lint.Run(m, sources, nil)
	_ = lint.WriteText(os.Stdout, findings, sources)
	// Output:
	// arch.zk:2:3: warning LINK_SHADOWED_BY_CHILD link "db" is hidden by the child node /app/db, which paths through "db" reach instead
	//       db -> /databases/mian
	//       ^~
	//     arch.zk:3:3: the child node
	// arch.zk:2:9: error DANGLING_LINK link "db": no node /databases/mian; did you mean /databases/main?
	//       db -> /databases/mian
	//             ^~~~~~~~~~~~~~~
	//     arch.zk:4:1: /databases has no child or link "mian"
}
