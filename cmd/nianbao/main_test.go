package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain lets a test run the test binary itself as the program (NIANBAO_RUN_MAIN=1): a child process
// with real streams, without building the binary again. Otherwise it gives the shared demo region
// (sharedRegion) their folder and removes it after the tests.
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_RUN_MAIN") == "1" {
		main()
		return
	}
	cleanup, err := newRegionRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}
