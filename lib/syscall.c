// The user side of system calls: every call goes through syscall(), which
// puts the number in %eax and up to five arguments in %edx, %ecx, %ebx,
// %edi and %esi, and traps with `int $0x30`. The result comes back in %eax.

#include <inc/syscall.h>
#include <inc/lib.h>

static inline int32_t
syscall(int num, int check, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	int32_t ret;

	// The kernel may change any register the caller does not see as an
	// output, and memory: hence "cc" and "memory".
	asm volatile("int %1\n"
		     : "=a" (ret)
		     : "i" (T_SYSCALL),
		       "a" (num),
		       "d" (a1),
		       "c" (a2),
		       "b" (a3),
		       "D" (a4),
		       "S" (a5)
		     : "cc", "memory");

	// Calls with check set return 0 or -E_*: anything else is a kernel bug.
	if (check && ret > 0)
		panic("syscall %d returned %d (> 0)", num, ret);
	return ret;
}

void
sys_cputs(const char *s, size_t len)
{
	syscall(SYS_cputs, 0, (uint32_t) s, len, 0, 0, 0);
}

int
sys_cgetc(void)
{
	return syscall(SYS_cgetc, 0, 0, 0, 0, 0, 0);
}

int
sys_env_destroy(envid_t envid)
{
	return syscall(SYS_env_destroy, 1, envid, 0, 0, 0, 0);
}

envid_t
sys_getenvid(void)
{
	 return syscall(SYS_getenvid, 0, 0, 0, 0, 0, 0);
}

void
sys_yield(void)
{
	syscall(SYS_yield, 0, 0, 0, 0, 0, 0);
}

int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	return syscall(SYS_page_alloc, 1, envid, (uint32_t) va, perm, 0, 0);
}

int
sys_page_map(envid_t srcenv, void *srcva, envid_t dstenv, void *dstva, int perm)
{
	return syscall(SYS_page_map, 1, srcenv, (uint32_t) srcva, dstenv, (uint32_t) dstva, perm);
}

int
sys_page_unmap(envid_t envid, void *va)
{
	return syscall(SYS_page_unmap, 1, envid, (uint32_t) va, 0, 0, 0);
}

// sys_exofork is inline in inc/lib.h.

int
sys_env_set_status(envid_t envid, int status)
{
	return syscall(SYS_env_set_status, 1, envid, status, 0, 0, 0);
}

int
sys_env_set_trapframe(envid_t envid, struct Trapframe *tf)
{
	return syscall(SYS_env_set_trapframe, 1, envid, (uint32_t) tf, 0, 0, 0);
}

int
sys_env_set_pgfault_upcall(envid_t envid, void *upcall)
{
	return syscall(SYS_env_set_pgfault_upcall, 1, envid, (uint32_t) upcall, 0, 0, 0);
}

int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, int perm)
{
	return syscall(SYS_ipc_try_send, 0, envid, value, (uint32_t) srcva, perm, 0);
}

int
sys_ipc_recv(void *dstva)
{
	return syscall(SYS_ipc_recv, 1, (uint32_t) dstva, 0, 0, 0, 0);
}

envid_t
sys_fork(void)
{
	return syscall(SYS_fork, 0, 0, 0, 0, 0, 0);
}

int
sys_sink(const void *buf, size_t len)
{
	return syscall(SYS_sink, 0, (uint32_t) buf, len, 0, 0, 0);
}

void
sys_exit(int status)
{
	syscall(SYS_exit, 0, status, 0, 0, 0, 0);
}

int
sys_wait(envid_t envid)
{
	return syscall(SYS_wait, 0, envid, 0, 0, 0, 0);
}

int
sys_cgetc_wait(void)
{
	return syscall(SYS_cgetc_wait, 0, 0, 0, 0, 0, 0);
}

int
sys_exec(envid_t image)
{
	return syscall(SYS_exec, 1, image, 0, 0, 0, 0);
}

int
sys_ipc_recv_from(envid_t from, void *dstva)
{
	return syscall(SYS_ipc_recv_from, 1, from, (uint32_t) dstva, 0, 0, 0);
}

int
sys_pipe_wait(const volatile uint32_t *word, uint32_t seen, const void *fd)
{
	return syscall(SYS_pipe_wait, 0, (uint32_t) word, seen, (uint32_t) fd, 0, 0);
}

int
sys_pipe_wake(const volatile void *va)
{
	return syscall(SYS_pipe_wake, 0, (uint32_t) va, 0, 0, 0, 0);
}
