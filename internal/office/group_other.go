//go:build !unix

package office

import "os/exec"

// setGroup is a no-op where process groups do not exist; cancellation kills the process itself.
func setGroup(cmd *exec.Cmd) {}

// groupAlive cannot tell where there are no process groups.
func groupAlive(pid int) bool { return false }
