package auth

import (
	"runtime"
	"syscall"
)

// background runs fn on an operating system thread of its own whose
// scheduling priority is lowered (nice 10), so that when the machine is
// short of CPU the kernel serves the threads answering pages first and a
// sign-in waits instead. The thread is thrown away with fn's goroutine
// (it stays locked), since a thread may not raise its priority back. A
// panic in fn is raised again in the caller.
func background(fn func()) {
	var panicked any
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer close(done)
		defer func() { panicked = recover() }()
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), backgroundNice)
		fn()
	}()
	<-done
	if panicked != nil {
		panic(panicked)
	}
}
