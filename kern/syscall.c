// System calls. trap_dispatch() hands the registers of `int $0x30` to
// syscall(), and so does sysenter_entry (kern/trapentry.S) those of
// `sysenter`; it looks the number up in a table. Every pointer from user
// space is checked against the caller's page tables before it is used.

#include <inc/x86.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/syscall.h>
#include <kern/console.h>
#include <kern/sched.h>
#include <kern/cmdline.h>
#include <kern/proc.h>
#include <kern/swap.h>
#include <kern/sysenter.h>

static void trace_syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
			  uint32_t a4, uint32_t a5, int32_t result);

// A call that gives up the CPU (to return 0 later, or never) records its
// result now, in the frame its caller will resume from.
void
syscall_leave(void)
{
	struct PushRegs *regs = &curenv->env_tf.tf_regs;

	if (cmdline.trace_syscall)
		trace_syscall(regs->reg_eax, regs->reg_edx, regs->reg_ecx,
			      regs->reg_ebx, regs->reg_edi, regs->reg_esi, 0);
	regs->reg_eax = 0;
}

// The most one sys_cputs prints: the kernel runs with interrupts off, so a
// gigabyte of text would hold the CPU for an hour.
#define CPUTS_MAX	(1 << 20)

// Print a string to the console, up to len bytes or a NUL; a bad pointer
// kills the caller.
static int
sys_cputs(const char *s, size_t len)
{
	size_t i;

	user_mem_assert(curenv, s, len, 0);
	for (i = 0; i < len && i < CPUTS_MAX && s[i]; i++)
		cputchar(s[i]);
	return 0;
}

// Like sys_cputs without the console: for `make bench`.
static int
sys_sink(const char *s, size_t len)
{
	user_mem_assert(curenv, s, len, 0);
	return 0;
}

// A character from the console, or 0 if none is waiting.
static int
sys_cgetc(void)
{
	return cons_getc();
}

static envid_t
sys_getenvid(void)
{
	return curenv->env_id;
}

static int
sys_env_destroy(envid_t envid)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (e == curenv)
		return sys_exit(0);	// JOS's exit(): status 0
	cprintf("[%08x] destroying %08x\n", curenv->env_id, e->env_id);
	env_destroy(e);
	return 0;
}

static int
sys_yield(void)
{
	syscall_leave();
	sched_yield();
}

// A new child of the caller, resuming from the caller's registers but
// with 0 as the result of the call that made it.
static int
alloc_child(struct Env **child)
{
	int r;

	if ((r = env_alloc(child, curenv->env_id)) < 0)
		return r;
	(*child)->env_tf = curenv->env_tf;
	(*child)->env_tf.tf_regs.reg_eax = 0;
	// I/O privilege belongs to the file server alone, not its children.
	(*child)->env_tf.tf_eflags &= ~FL_IOPL_MASK;
	env_copy_fpu(*child);
	// It runs the caller's program until someone says otherwise.
	memcpy((*child)->env_name, curenv->env_name, sizeof(curenv->env_name));
	return 0;
}

// A child with an empty address space, not yet runnable.
static envid_t
sys_exofork(void)
{
	struct Env *e;
	int r;

	if ((r = alloc_child(&e)) < 0)
		return r;
	e->env_status = ENV_NOT_RUNNABLE;
	return e->env_id;
}

// fork() in one call: the child shares every page of the caller, the
// writable ones copy-on-write (SPEC section 6), and its upcall.
static envid_t
sys_fork(void)
{
	struct Env *e;
	int r;

	if ((r = alloc_child(&e)) < 0)
		return r;
	r = pgdir_fork(e->env_pgdir, curenv->env_pgdir);
	// The caller's writable pages are read-only now: drop stale TLB entries.
	tlbflush();
	if (r < 0) {
		env_free(e);
		return r;
	}
	e->env_pgfault_upcall = curenv->env_pgfault_upcall;
	return e->env_id;
}

static int
sys_env_set_status(envid_t envid, int status)
{
	struct Env *e;
	int r;

	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	e->env_status = status;
	// Taken out of sys_ipc_recv (or sys_wait, sys_cgetc_wait) this way,
	// it no longer waits.
	env_unblock(e);
	if (status == ENV_RUNNABLE && ncpu > 1)
		sched_wake_idle_cpu();
	// Stopping one running on another CPU takes effect when it next
	// enters the kernel: make that now.
	if (status == ENV_NOT_RUNNABLE && env_on_other_cpu(e))
		cpu_kick(e->env_cpunum);
	// Stopping oneself takes effect now.
	if (e == curenv && status == ENV_NOT_RUNNABLE) {
		syscall_leave();
		sched_yield();
	}
	return 0;
}

// Replace an environment's registers. Whatever the caller asks, the frame
// keeps user segments, interrupts on and I/O privilege 0.
static int
sys_env_set_trapframe(envid_t envid, struct Trapframe *tf)
{
	struct Trapframe safe;
	struct Env *e;
	int r;

	user_mem_assert(curenv, tf, sizeof(struct Trapframe), 0);
	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	// Made safe before it lands: a child running on another CPU may be
	// trapping into this very frame (without the lock), and must never
	// load a segment from it that is not the user's.
	safe = *tf;
	safe.tf_cs = GD_UT | 3;
	safe.tf_ds = GD_UD | 3;
	safe.tf_es = GD_UD | 3;
	safe.tf_ss = GD_UD | 3;
	safe.tf_eflags = (tf->tf_eflags & ~(FL_IOPL_MASK | FL_VM | FL_NT)) | FL_IF;
	e->env_tf = safe;
	// New registers mean other code, maybe: the name inherited from the
	// parent no longer holds (spawn names the program after this call).
	e->env_name[0] = '\0';
	return 0;
}

// Name the program envid runs (the caller or its child), as the kernel's
// table of user programs names it: the fault line and the monitor's ps
// show it. name must be at most ENV_NAMELEN - 1 printable characters
// without spaces; "" forgets the name. Returns 0, -E_BAD_ENV, -E_FAULT
// (name not readable) or -E_INVAL (too long, or another character).
static int
sys_env_set_name(envid_t envid, const char *name)
{
	char buf[ENV_NAMELEN];
	struct Env *e;
	int i, r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	for (i = 0; i < ENV_NAMELEN; i++) {
		if (user_mem_check(curenv, name + i, 1, PTE_U) < 0)
			return -E_FAULT;
		if ((buf[i] = name[i]) == '\0')
			break;
		if (buf[i] <= ' ' || buf[i] > '~')
			return -E_INVAL;
	}
	if (i == ENV_NAMELEN)
		return -E_INVAL;
	memcpy(e->env_name, buf, sizeof(buf));
	return 0;
}

static int
sys_env_set_pgfault_upcall(envid_t envid, void *func)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
}

// A user address for a page: below UTOP and page aligned.
static bool
bad_user_page(void *va)
{
	return (uintptr_t) va >= UTOP || PGOFF(va) != 0;
}

// Where a page may be mapped: not below UMMAPMIN either (inc/memlayout.h).
static bool
bad_map_page(void *va)
{
	return bad_user_page(va) || (uintptr_t) va < UMMAPMIN;
}

// perm must have PTE_U and PTE_P, and nothing outside PTE_SYSCALL.
static bool
bad_perm(int perm)
{
	return (perm & (PTE_U | PTE_P)) != (PTE_U | PTE_P) || (perm & ~PTE_SYSCALL);
}

static int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	struct Env *e;
	struct PageInfo *pp;
	int r;

	if (bad_map_page(va) || bad_perm(perm))
		return -E_INVAL;
	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	if ((r = page_insert(e->env_pgdir, pp, va, perm)) < 0)
		page_free(pp);
	return r;
}

// The page at va in e, to be mapped elsewhere with perm, in *pp_store. A
// copy-on-write page mapped writable is copied first, and a stack page not
// yet there is grown, just as a write by e would have done. Returns 0,
// -E_INVAL if there is no page or perm asks for writing a read-only one,
// or -E_NO_MEM if the copy or the stack page found no memory.
static int
page_to_share(struct Env *e, void *va, int perm, struct PageInfo **pp_store)
{
	pte_t *pte;
	struct PageInfo *pp = page_lookup(e->env_pgdir, va, &pte);
	int r;

	if (!pp || ((perm & PTE_W) && !(*pte & PTE_W))) {
		// A copy-on-write copy reads the page at va: it stays.
		swap_pin_range(e->env_pgdir, (uintptr_t) va, (uintptr_t) va + PGSIZE);
		r = page_resolve_user(e->env_pgdir, (uintptr_t) va, perm & PTE_W);
		swap_pin_range(NULL, 0, 0);
		if (r == -E_NO_MEM)
			return r;
		if (r < 0)
			return -E_INVAL;
		pp = page_lookup(e->env_pgdir, va, &pte);
	}
	if (!pp || ((perm & PTE_W) && !(*pte & PTE_W)))
		return -E_INVAL;
	*pp_store = pp;
	return 0;
}

static int
sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid, void *dstva, int perm)
{
	struct Env *src, *dst;
	struct PageInfo *pp;
	int r;

	if (bad_user_page(srcva) || bad_map_page(dstva) || bad_perm(perm))
		return -E_INVAL;
	if ((r = envid2env(srcenvid, &src, 1)) < 0 ||
	    (r = envid2env(dstenvid, &dst, 1)) < 0)
		return r;
	if ((r = page_to_share(src, srcva, perm, &pp)) < 0)
		return r;
	return page_insert(dst->env_pgdir, pp, dstva, perm);
}

static int
sys_page_unmap(envid_t envid, void *va)
{
	struct Env *e;
	int r;

	if (bad_user_page(va))
		return -E_INVAL;
	if ((r = envid2env(envid, &e, 1)) < 0)
		return r;
	page_remove(e->env_pgdir, va);
	// Closing a pipe's end unmaps its pages: the other end may sleep.
	pipe_mappings_changed();
	return 0;
}

// Send value, and the page at srcva if srcva < UTOP, to an environment
// blocked in sys_ipc_recv. Any environment may be sent to.
static int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct Env *e;
	struct PageInfo *pp;
	int r;

	if ((r = envid2env(envid, &e, 0)) < 0)
		return r;
	if (!e->env_ipc_recving ||
	    (e->env_ipc_recv_from && e->env_ipc_recv_from != curenv->env_id))
		return -E_IPC_NOT_RECV;
	if ((uintptr_t) srcva < UTOP) {
		if (PGOFF(srcva) || bad_perm(perm))
			return -E_INVAL;
		if ((r = page_to_share(curenv, srcva, perm, &pp)) < 0)
			return r;
		// The page moves only if the receiver asked for one.
		if ((uintptr_t) e->env_ipc_dstva < UTOP) {
			if ((r = page_insert(e->env_pgdir, pp, e->env_ipc_dstva, perm)) < 0)
				return r;
		} else
			perm = 0;
	} else
		perm = 0;

	e->env_ipc_recving = 0;
	e->env_ipc_from = curenv->env_id;
	e->env_ipc_value = value;
	e->env_ipc_perm = perm;
	e->env_status = ENV_RUNNABLE;
	e->env_tf.tf_regs.reg_eax = 0;		// its sys_ipc_recv returns 0
	return 0;
}

// Block until a value arrives; a page sent along is mapped at dstva if
// dstva < UTOP (so dstva must be a place where pages may be mapped).
// The caller sleeps without spinning: the sender wakes it.
static int
sys_ipc_recv(void *dstva)
{
	if ((uintptr_t) dstva < UTOP && bad_map_page(dstva))
		return -E_INVAL;
	curenv->env_ipc_recving = 1;
	curenv->env_ipc_recv_from = 0;
	curenv->env_ipc_dstva = dstva;
	curenv->env_status = ENV_NOT_RUNNABLE;
	syscall_leave();
	// Those who wait to send take turns, starting after the last one.
	sched_yield_after(curenv->env_ipc_from);
}

// Environments that have waited in sys_ipc_recv_from since the last count
// (an upper bound): most frees then need no scan of envs[].
static uint32_t nrecv_from;

// Like sys_ipc_recv, but only the environment `from` may send, and if it
// ends first the wait ends with -E_BAD_ENV. A client waiting for a
// server's answer (lib/file.c) must not wait forever for one that died.
static int
sys_ipc_recv_from(envid_t from, void *dstva)
{
	struct Env *e;

	if ((uintptr_t) dstva < UTOP && bad_map_page(dstva))
		return -E_INVAL;
	if (from == 0 || envid2env(from, &e, 0) < 0 || e == curenv ||
	    e->env_status == ENV_FREE || e->env_status == ENV_DYING)
		return -E_BAD_ENV;
	nrecv_from++;
	curenv->env_ipc_recving = 1;
	curenv->env_ipc_recv_from = from;
	curenv->env_ipc_dstva = dstva;
	curenv->env_status = ENV_NOT_RUNNABLE;
	syscall_leave();
	sched_yield();
}

// e is being freed: whoever waits in sys_ipc_recv_from for e gets
// -E_BAD_ENV.
void
ipc_env_freed(struct Env *e)
{
	uint32_t i, left = 0;

	for (i = 0; nrecv_from > 0 && i < env_hiwater; i++) {
		struct Env *w = &envs[i];
		if (w == e || w->env_status != ENV_NOT_RUNNABLE ||
		    !w->env_ipc_recving || !w->env_ipc_recv_from)
			continue;
		if (w->env_ipc_recv_from != e->env_id) {
			left++;
			continue;
		}
		w->env_ipc_recving = 0;
		w->env_ipc_recv_from = 0;
		w->env_tf.tf_regs.reg_eax = -E_BAD_ENV;
		w->env_status = ENV_RUNNABLE;
	}
	nrecv_from = left;
}

// The dispatch table. Each handler takes the leading arguments it needs;
// the cdecl calling convention makes the extra ones harmless.
typedef int32_t (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

static const struct {
	syscall_fn fn;
	const char *name;
	int nargs;
} syscalls[NSYSCALLS] = {
#define CALL(name, nargs)	[SYS_##name] = { (syscall_fn) sys_##name, "sys_" #name, nargs }
	CALL(cputs, 2),
	CALL(cgetc, 0),
	CALL(getenvid, 0),
	CALL(env_destroy, 1),
	CALL(page_alloc, 3),
	CALL(page_map, 5),
	CALL(page_unmap, 2),
	CALL(exofork, 0),
	CALL(env_set_status, 2),
	CALL(env_set_pgfault_upcall, 2),
	CALL(yield, 0),
	CALL(ipc_try_send, 4),
	CALL(ipc_recv, 1),
	CALL(env_set_trapframe, 2),
	CALL(fork, 0),
	CALL(sink, 2),
	CALL(exit, 1),
	CALL(wait, 1),
	CALL(cgetc_wait, 0),
	CALL(exec, 1),
	CALL(ipc_recv_from, 2),
	CALL(pipe_wait, 3),
	CALL(pipe_wake, 1),
	CALL(env_set_name, 2),
	CALL(pipe_isclosed, 2),
#undef CALL
};

// `[envid] sys_NAME(args) = result`, and ` (sysenter)` after a call that
// came that way (curenv's frame is the call's: tf_err says how it came).
static void
trace_syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
	      uint32_t a4, uint32_t a5, int32_t result)
{
	uint32_t args[5] = { a1, a2, a3, a4, a5 };
	int i, nargs = num < NSYSCALLS ? syscalls[num].nargs : 5;

	if (num < NSYSCALLS)
		cprintf("[%08x] %s(", curenv->env_id, syscalls[num].name);
	else
		cprintf("[%08x] sys_%u(", curenv->env_id, num);
	for (i = 0; i < nargs; i++)
		cprintf(i ? ", 0x%x" : "0x%x", args[i]);
	cprintf(") = %d%s\n", result,
		curenv->env_tf.tf_err == TF_ERR_SYSENTER ? " (sysenter)" : "");
}

// A number out of range, or tracing on: kept out of syscall(), whose few
// instructions are most of a null call's cost in the kernel.
static int32_t __attribute__((noinline))
syscall_slow(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	int32_t r = num < NSYSCALLS ? syscalls[num].fn(a1, a2, a3, a4, a5) : -E_INVAL;

	if (cmdline.trace_syscall)
		trace_syscall(num, a1, a2, a3, a4, a5, r);
	return r;
}

// The number and first two arguments come in %eax, %edx and %ecx
// (regparm(3)), where both ways into the kernel find them.
int32_t SYSCALL_REGPARM
syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	if (__builtin_expect(num >= NSYSCALLS || cmdline.trace_syscall, 0))
		return syscall_slow(num, a1, a2, a3, a4, a5);
	return syscalls[num].fn(a1, a2, a3, a4, a5);
}
