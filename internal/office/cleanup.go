package office

import (
	"os"
	"os/exec"
	"sync"
	"time"
)

// Every temp directory and soffice process of a conversion is registered here while it lives, so that a
// signal handler can remove and kill them (Cleanup) before the program exits: an interrupted run must not
// leave copies of agencies' files in the temp folder, nor soffice running.

var live = struct {
	sync.Mutex
	dirs  map[string]bool
	procs map[*exec.Cmd]bool
	done  bool
	// files are the paths registered with Track; filesDone is set once Cleanup removed them.
	files     map[string]bool
	filesDone bool
}{dirs: map[string]bool{}, procs: map[*exec.Cmd]bool{}, files: map[string]bool{}}

// TempDir creates a temp directory (os.MkdirTemp("", pattern)) that Cleanup removes; remove it with
// RemoveTemp when done.
func TempDir(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", err
	}
	live.Lock()
	defer live.Unlock()
	if live.done { // cleaning up: no new work
		os.RemoveAll(dir)
		return "", os.ErrClosed
	}
	live.dirs[dir] = true
	return dir, nil
}

// RemoveTemp removes a directory made by TempDir.
func RemoveTemp(dir string) {
	live.Lock()
	delete(live.dirs, dir)
	live.Unlock()
	os.RemoveAll(dir)
}

// started registers a running soffice; it returns false when Cleanup already ran (the caller kills it).
func started(cmd *exec.Cmd) bool {
	live.Lock()
	defer live.Unlock()
	if live.done {
		return false
	}
	live.procs[cmd] = true
	return true
}

func finished(cmd *exec.Cmd) {
	live.Lock()
	delete(live.procs, cmd)
	live.Unlock()
}

// Cleanup kills every running conversion (with its process group) and removes every temp directory of
// this package and every path registered with Track; later conversions and Track fail at once. Call it
// from a signal handler before exiting.
func Cleanup() {
	live.Lock()
	live.filesDone = true
	for path := range live.files {
		os.RemoveAll(path)
	}
	live.files = map[string]bool{}
	live.Unlock()
	StopConversions()
}

// StopConversions is Cleanup for a program that goes on to finish its work (the web server shutting down
// gracefully): conversions are killed and their temp directories removed, but the temp files registered
// with Track are left to the writes that own them, which finish or remove them.
func StopConversions() {
	live.Lock()
	defer live.Unlock()
	live.done = true
	for cmd := range live.procs {
		if cmd.Cancel != nil {
			cmd.Cancel()
		} else if cmd.Process != nil {
			cmd.Process.Kill()
		}
	}
	// A killed soffice may still be closing files for a moment: remove until the directories stay gone.
	for i := 0; i < 30 && len(live.dirs) > 0; i++ {
		for dir := range live.dirs {
			os.RemoveAll(dir)
			if _, err := os.Lstat(dir); os.IsNotExist(err) {
				delete(live.dirs, dir)
			}
		}
		if len(live.dirs) > 0 {
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// Track registers a temp file or directory made outside this package (the temp file of an atomic write,
// internal/fsx) for Cleanup to remove, so that one registry serves every signal handler; call untrack once
// the path is gone or renamed into place. ok is false when Cleanup already ran: make nothing then.
// StopConversions leaves such paths alone.
func Track(path string) (untrack func(), ok bool) {
	live.Lock()
	defer live.Unlock()
	if live.filesDone {
		return nil, false
	}
	live.files[path] = true
	return func() {
		live.Lock()
		delete(live.files, path)
		live.Unlock()
	}, true
}
