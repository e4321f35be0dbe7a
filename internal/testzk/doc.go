// Package testzk gives integration tests a real ZooKeeper server: the one
// that scripts/test.sh starts (its address in ZKTREE_TEST_ZK), a fresh random
// root for each test, and extra servers or ensembles started on demand.
//
// Without ZKTREE_TEST_ZK a test skips, unless CI is set, where it fails.
// ZKTREE_TEST_ZK=embedded serves the tests from an embedded zktest server
// instead, and [RunEmbedded] runs a package's tests that way too, in a child
// process, so that they are checked against both servers in one go test run.
package testzk
