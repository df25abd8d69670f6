// Recursion without end: the stack grows to its 1 MiB limit, the next page
// down is the guard page, and the fault there kills this environment only.
// A child forked before the recursion waits for it to die, then says so.
#include <inc/lib.h>

// Far deeper than 1 MiB of stack allows: the recursion never gets there.
static volatile int never = 1 << 30;

static int
recurse(int depth)
{
	volatile char buf[1024];

	if (depth == never)
		return 0;
	buf[0] = depth;
	if (depth % 256 == 0)
		cprintf("stackoverflow: depth %d, esp near %08x\n", depth, (unsigned) buf);
	return recurse(depth + 1) + buf[0];
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid(), child;

	if ((child = fork()) < 0)
		panic("stackoverflow: fork: %e", child);
	if (child == 0) {
		const volatile struct Env *p = &envs[ENVX(parent)];

		while (p->env_id == parent && p->env_status != ENV_FREE)
			sys_yield();
		cprintf("stackoverflow: %08x is gone and %08x still runs, ok\n",
			parent, sys_getenvid());
		return;
	}
	cprintf("stackoverflow: recursing with 1 KiB frames\n");
	recurse(0);
	cprintf("stackoverflow: the recursion returned!\n");
}
