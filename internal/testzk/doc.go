// Package testzk gives integration tests a real ZooKeeper server: the one
// that scripts/test.sh starts (its address in ZKTREE_TEST_ZK), a fresh random
// root for each test, and extra servers or ensembles started on demand.
//
// Without ZKTREE_TEST_ZK a test skips, unless CI is set, where it fails.
package testzk
