package batch_test

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the shared corpus (corpus) its folder and removes it after the tests.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nianbao-batch-corpus-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	shared.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
