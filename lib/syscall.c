// The user side of system calls, two ways into the kernel (README.md,
// "Two ways into the kernel"). Both put the number in %eax and the
// arguments in %edx, %ecx, %ebx, %edi and %esi, in that order; the result
// comes back in %eax.
//
// - `int $0x30` (syscall() below, SPEC section 5): the CPU saves the
//   caller's %eip, %esp and flags itself, and iret restores every register.
// - `sysenter` (sysenter_call() below), the default: the CPU saves nothing, so
//   the caller gives its return address in %esi and its stack pointer in
//   %ebp, and sysexit hands them back in %edx and %ecx. That leaves four
//   argument registers: every call with at most four arguments goes this
//   way, sys_page_map (five) by int $0x30, and sys_exofork, inline in
//   inc/lib.h, by int $0x30 as in JOS.
//
// Built with `make SYSCALL=int` (which defines SYSCALL_INT), the library
// uses int $0x30 for every call, as JOS's did.

#include <inc/syscall.h>
#include <inc/lib.h>

// The stubs save %ebp themselves around sysenter (it carries the stack
// pointer there): a frame pointer of their own would only cost each call
// three more instructions.
#pragma GCC optimize ("omit-frame-pointer")

// Calls with check set return 0 or -E_*: anything else is a kernel bug.
static inline int32_t
checked(int num, int check, int32_t ret)
{
	if (check && ret > 0)
		panic("syscall %d returned %d (> 0)", num, ret);
	return ret;
}

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
	return checked(num, check, ret);
}

// sysenter with the argument registers INPUTS (after the number, "0").
// %ebp is saved on the stack around the call, since it may be the frame
// pointer; %esi is lost to the return address. The kernel gives back
// %ebx and %edi as they went in, and the return address and stack
// pointer in %edx and %ecx.
#define SYSENTER(ret, num, inputs...) do {				\
	uint32_t dx_, cx_;						\
	asm volatile("pushl %%ebp\n\t"					\
		     "movl %%esp, %%ebp\n\t"				\
		     "leal 1f, %%esi\n\t"				\
		     "sysenter\n"					\
		     "1:\tpopl %%ebp"					\
		     : "=a" (ret), "=d" (dx_), "=c" (cx_)		\
		     : "0" (num), ##inputs				\
		     : "esi", "cc", "memory");				\
} while (0)

// A call with nargs arguments (at most four), by sysenter; only the
// registers it uses are loaded (nargs is a constant once inlined).
static inline __attribute__((always_inline)) int32_t
sysenter_call(int num, int check, int nargs, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int32_t ret;

#ifdef SYSCALL_INT
	ret = syscall(num, check, a1, a2, a3, a4, 0);
#else
	switch (nargs) {
	case 0:
		SYSENTER(ret, num);
		break;
	case 1:
		SYSENTER(ret, num, "1" (a1));
		break;
	case 2:
		SYSENTER(ret, num, "1" (a1), "2" (a2));
		break;
	case 3:
		SYSENTER(ret, num, "1" (a1), "2" (a2), "b" (a3));
		break;
	default:
		SYSENTER(ret, num, "1" (a1), "2" (a2), "b" (a3), "D" (a4));
		break;
	}
	ret = checked(num, check, ret);
#endif
	return ret;
}

// Any call by either way, the caller choosing every argument register:
// for make bench (user/bench.c) and programs that compare the two ways.
int32_t
syscall_int(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	return syscall(num, 0, a1, a2, a3, a4, a5);
}

int32_t
syscall_sysenter(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int32_t ret;

	SYSENTER(ret, num, "1" (a1), "2" (a2), "b" (a3), "D" (a4));
	return ret;
}

void
sys_cputs(const char *s, size_t len)
{
	sysenter_call(SYS_cputs, 0, 2, (uint32_t) s, len, 0, 0);
}

int
sys_cgetc(void)
{
	return sysenter_call(SYS_cgetc, 0, 0, 0, 0, 0, 0);
}

int
sys_env_destroy(envid_t envid)
{
	return sysenter_call(SYS_env_destroy, 1, 1, envid, 0, 0, 0);
}

envid_t
sys_getenvid(void)
{
	 return sysenter_call(SYS_getenvid, 0, 0, 0, 0, 0, 0);
}

void
sys_yield(void)
{
	sysenter_call(SYS_yield, 0, 0, 0, 0, 0, 0);
}

int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	return sysenter_call(SYS_page_alloc, 1, 3, envid, (uint32_t) va, perm, 0);
}

int
sys_page_map(envid_t srcenv, void *srcva, envid_t dstenv, void *dstva, int perm)
{
	return syscall(SYS_page_map, 1, srcenv, (uint32_t) srcva, dstenv, (uint32_t) dstva, perm);
}

int
sys_page_unmap(envid_t envid, void *va)
{
	return sysenter_call(SYS_page_unmap, 1, 2, envid, (uint32_t) va, 0, 0);
}

// sys_exofork is inline in inc/lib.h.

int
sys_env_set_status(envid_t envid, int status)
{
	return sysenter_call(SYS_env_set_status, 1, 2, envid, status, 0, 0);
}

int
sys_env_set_trapframe(envid_t envid, struct Trapframe *tf)
{
	return sysenter_call(SYS_env_set_trapframe, 1, 2, envid, (uint32_t) tf, 0, 0);
}

int
sys_env_set_pgfault_upcall(envid_t envid, void *upcall)
{
	return sysenter_call(SYS_env_set_pgfault_upcall, 1, 2, envid, (uint32_t) upcall, 0, 0);
}

int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, int perm)
{
	return sysenter_call(SYS_ipc_try_send, 0, 4, envid, value, (uint32_t) srcva, perm);
}

int
sys_ipc_recv(void *dstva)
{
	return sysenter_call(SYS_ipc_recv, 1, 1, (uint32_t) dstva, 0, 0, 0);
}

envid_t
sys_fork(void)
{
	return sysenter_call(SYS_fork, 0, 0, 0, 0, 0, 0);
}

int
sys_sink(const void *buf, size_t len)
{
	return sysenter_call(SYS_sink, 0, 2, (uint32_t) buf, len, 0, 0);
}

void
sys_exit(int status)
{
	sysenter_call(SYS_exit, 0, 1, status, 0, 0, 0);
}

int
sys_wait(envid_t envid)
{
	return sysenter_call(SYS_wait, 0, 1, envid, 0, 0, 0);
}

int
sys_cgetc_wait(void)
{
	return sysenter_call(SYS_cgetc_wait, 0, 0, 0, 0, 0, 0);
}

int
sys_exec(envid_t image)
{
	return sysenter_call(SYS_exec, 1, 1, image, 0, 0, 0);
}

int
sys_ipc_recv_from(envid_t from, void *dstva)
{
	return sysenter_call(SYS_ipc_recv_from, 1, 2, from, (uint32_t) dstva, 0, 0);
}

int
sys_pipe_wait(const volatile uint32_t *word, uint32_t seen, const void *fd)
{
	return sysenter_call(SYS_pipe_wait, 0, 3, (uint32_t) word, seen, (uint32_t) fd, 0);
}

int
sys_pipe_wake(const volatile void *va)
{
	return sysenter_call(SYS_pipe_wake, 0, 1, (uint32_t) va, 0, 0, 0);
}

int
sys_pipe_isclosed(const void *fd, const volatile void *data)
{
	return sysenter_call(SYS_pipe_isclosed, 0, 2, (uint32_t) fd, (uint32_t) data, 0, 0);
}

int
sys_env_set_name(envid_t envid, const char *name)
{
	return sysenter_call(SYS_env_set_name, 1, 2, envid, (uint32_t) name, 0, 0);
}
