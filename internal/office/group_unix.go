//go:build unix

package office

import (
	"os/exec"
	"syscall"
)

// setGroup runs the command in its own process group and makes cancellation kill the whole group:
// soffice starts a child (soffice.bin) that would otherwise survive.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// groupAlive reports whether any process of the group led by pid is still running.
func groupAlive(pid int) bool { return syscall.Kill(-pid, 0) == nil }
