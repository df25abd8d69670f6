// Regression: an environment taken out of sys_ipc_recv by its parent
// (sys_env_set_status(child, ENV_RUNNABLE)) is no longer receiving. A
// later sys_ipc_try_send from anyone must fail with -E_IPC_NOT_RECV; it
// must not succeed, map a page into the running environment, or zero its
// %eax in the middle of its computation (the kernel sets the receiver's
// saved eax to 0, sys_ipc_recv's result).
//
// The child blocks in sys_ipc_recv; the parent makes it runnable again;
// the child then holds a value in %eax while a sibling, a stranger to it,
// sends it a value and a page.

#include <inc/lib.h>

#define FLAGS	((volatile uint32_t *) 0x0E000000)	// shared by all three
#define DSTVA	0x30000000
#define SRCVA	0x40000000
#define MAGIC	0x12345678

enum { F_WOKEN, F_SENT, F_RESULT };

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

void
umain(int argc, char **argv)
{
	envid_t child, sibling;
	uint32_t v;
	int r;

	if ((r = sys_page_alloc(0, (void *) FLAGS, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("flag page: %e", r);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		r = sys_ipc_recv((void *) DSTVA);
		FLAGS[F_WOKEN] = 1;
		// Keep MAGIC in %eax until the sibling has sent.
		asm volatile("movl %2, %%eax\n"
			     "1: cmpl $0, %1\n"
			     "je 1b\n"
			     "movl %%eax, %0"
			     : "=m" (v) : "m" (FLAGS[F_SENT]), "i" (MAGIC) : "eax");
		if (v != MAGIC)
			cprintf("regress_ipc_stale: FAILED: a send to the running child zeroed its %%eax (%08x)\n", v);
		else if ((uvpd[PDX(DSTVA)] & PTE_P) && (uvpt[PGNUM(DSTVA)] & PTE_P))
			cprintf("regress_ipc_stale: FAILED: a send mapped a page into the running child\n");
		else
			cprintf("regress_ipc_stale: child ok\n");
		exit();
	}

	// Wait for the child to block in sys_ipc_recv, then wake it.
	while (!envs[ENVX(child)].env_ipc_recving)
		sys_yield();
	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("set_status: %e", r);
	while (!FLAGS[F_WOKEN])
		sys_yield();

	if ((sibling = fork()) < 0)
		panic("fork: %e", sibling);
	if (sibling == 0) {
		if ((r = sys_page_alloc(0, (void *) SRCVA, PTE_P | PTE_U | PTE_W)) < 0)
			panic("page_alloc: %e", r);
		r = sys_ipc_try_send(child, 42, (void *) SRCVA, PTE_P | PTE_U | PTE_W);
		if (r == 0)
			cprintf("regress_ipc_stale: FAILED: sys_ipc_try_send to a running environment succeeded\n");
		else if (r != -E_IPC_NOT_RECV)
			cprintf("regress_ipc_stale: FAILED: sys_ipc_try_send said %e, not -E_IPC_NOT_RECV\n", r);
		else
			cprintf("regress_ipc_stale: send ok\n");
		FLAGS[F_SENT] = 1;
		exit();
	}
	while (alive(child) || alive(sibling))
		sys_yield();
}
