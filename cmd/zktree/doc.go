// Command zktree checks, formats, resolves and draws .zk tree files, keeps
// ZooKeeper in line with them, and registers and discovers services. Run
// "zktree help" for the list of commands.
//
// Each command is a thin cobra layer over a library call, in its own file
// (an options struct and a run function); root.go lists them. Exit codes:
// 0 ok, 1 diagnostics or I/O errors, 2 bad command line.
//
// Imports: every package of the module (it is the top of the graph).
package main
