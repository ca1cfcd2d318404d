package main

import (
	"os"
	"testing"
)

// TestMain lets a test run the test binary itself as the program (NIANBAO_RUN_MAIN=1): a child process
// with real streams, without building the binary again.
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
