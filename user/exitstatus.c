// Exit statuses as wait() reports them: exit(), exit(n), a fault, a kill by
// the parent, a child already gone, and the calls wait() refuses.

#include <inc/lib.h>

static envid_t
child(int how)
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id > 0)
		return id;
	switch (how) {
	case 0: exit();
	case 1: exit(7);
	case 2: *(volatile int *) 0 = 1; break;		// page fault
	case 3: for (;;) sys_yield();			// killed by the parent
	case 4: asm volatile("int3"); break;		// breakpoint, batch mode
	}
	exit(99);
}

void
umain(int argc, char **argv)
{
	envid_t id;
	int r;

	cprintf("exitstatus: exit() -> %d\n", wait(child(0)));
	cprintf("exitstatus: exit(7) -> %d\n", wait(child(1)));
	r = wait(child(2));
	cprintf("exitstatus: page fault -> %#x (killed %d, trap %d)\n",
		r, EXIT_WAS_KILLED(r), EXIT_TRAPNO(r));
	id = child(3);
	sys_yield();
	sys_env_destroy(id);
	cprintf("exitstatus: destroyed -> %#x\n", wait(id));
	id = child(1);
	while (envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
	cprintf("exitstatus: already gone -> %d\n", wait(id));
	cprintf("exitstatus: wait(self) -> %e\n", wait(sys_getenvid()));
	cprintf("exitstatus: wait(0) -> %e\n", wait(0));
	cprintf("exitstatus: wait(bogus) -> %e\n", wait(0x7ff));
	cprintf("exitstatus: wait(-1) -> %e\n", wait(-1));
	exit(3);
}
