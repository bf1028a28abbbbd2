package auth

import (
	"runtime"
	"syscall"
	"testing"
)

// threadNice is the niceness of the calling thread.
func threadNice(t *testing.T) int {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The raw getpriority system call answers 20 - nice.
	prio, _, errno := syscall.Syscall(syscall.SYS_GETPRIORITY, syscall.PRIO_PROCESS, uintptr(syscall.Gettid()), 0)
	if errno != 0 {
		t.Fatal(errno)
	}
	return 20 - int(prio)
}
