// Package fuzz holds the go test -fuzz targets of zktree, seeded from the
// example trees in corpus/. It has no code of its own.
//
// Run one target at a time, for example:
//
//	go test ./fuzz -run '^$' -fuzz '^FuzzFormat$' -fuzztime 60s
//
// Imports (tests): ast, lang, nodedata.
package fuzz
