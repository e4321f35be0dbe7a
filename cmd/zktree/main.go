// Command zktree checks, formats and exports .zk tree files and syncs them
// with Apache ZooKeeper. Run "zktree help" for the list of commands.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
