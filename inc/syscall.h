#ifndef JOS_INC_SYSCALL_H
#define JOS_INC_SYSCALL_H

// System call numbers: the index into kern/syscall.c's dispatch table.
enum {
	SYS_cputs = 0,
	SYS_cgetc,
	SYS_getenvid,
	SYS_env_destroy,
	SYS_page_alloc,
	SYS_page_map,
	SYS_page_unmap,
	SYS_exofork,
	SYS_env_set_status,
	SYS_env_set_pgfault_upcall,
	SYS_yield,
	SYS_ipc_try_send,
	SYS_ipc_recv,
	SYS_env_set_trapframe,
	SYS_fork,
	SYS_sink,		// checks and reads a buffer like cputs, prints nothing (make bench)
	SYS_exit,		// ends the caller with an exit status
	SYS_wait,		// blocks until an environment has ended; its exit status
	SYS_cgetc_wait,		// like cgetc, but blocks until a character arrives
	SYS_exec,		// the caller takes over a prepared child's image
	SYS_ipc_recv_from,	// ipc_recv from one sender; fails if it ends first
	SYS_pipe_wait,		// sleeps on a pipe while a word stays the same and the other end is there
	SYS_pipe_wake,		// wakes those sleeping in pipe_wait on a page
	SYS_env_set_name,	// names the program an env runs (for fault lines, ps)
	SYS_pipe_isclosed,	// whether a pipe's other end is closed (lib/pipe.c)
	NSYSCALLS
};

#endif /* !JOS_INC_SYSCALL_H */
