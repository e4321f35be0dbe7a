// Package corpus holds example trees of the zktree language and their
// golden outputs: valid/*.zk (realistic architectures using every
// construct) with their formatted text and export under testdata/valid,
// and invalid/*.zk (every kind of error) with their diagnostics under
// testdata/invalid. The trees also seed the fuzz targets.
//
// The package has no code of its own; its test checks the goldens.
// Imports (tests): ast, lang, nodedata.
package corpus
