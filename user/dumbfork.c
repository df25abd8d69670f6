// fork() the hard way: an empty child from sys_exofork, then an eager copy
// of every page we have, made with sys_page_alloc and sys_page_map. No
// copy-on-write, no kernel fork: just the primitive calls.
#include <inc/lib.h>

// Give the child its own copy of our page at va.
static void
copy_page(envid_t child, void *va)
{
	int r;

	if ((r = sys_page_alloc(child, va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("dumbfork: sys_page_alloc: %e", r);
	// Map the child's new page here for a moment, at UTEMP, to fill it.
	if ((r = sys_page_map(child, va, 0, UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("dumbfork: sys_page_map: %e", r);
	memmove(UTEMP, va, PGSIZE);
	if ((r = sys_page_unmap(0, UTEMP)) < 0)
		panic("dumbfork: sys_page_unmap: %e", r);
}

static envid_t
dumbfork(void)
{
	envid_t child;
	uintptr_t va;
	int r, copied = 0;

	// sys_exofork is inline: the child starts right here with eax = 0.
	child = sys_exofork();
	if (child < 0)
		panic("dumbfork: sys_exofork: %e", child);
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	// Every page we have mapped, from the program up to the top of the
	// normal stack (the exception stack is not in use here).
	for (va = UTEXT; va < USTACKTOP; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDDOWN(va, PTSIZE) + PTSIZE - PGSIZE;
			continue;
		}
		if (uvpt[PGNUM(va)] & PTE_P) {
			copy_page(child, (void *) va);
			copied++;
		}
	}
	cprintf("dumbfork: copied %d pages into %08x\n", copied, child);

	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("dumbfork: sys_env_set_status: %e", r);
	return child;
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int i, n;

	who = dumbfork();
	n = who ? 10 : 20;
	for (i = 0; i < n; i++) {
		cprintf("%d: I am the %s!\n", i, who ? "parent" : "child");
		sys_yield();
	}
	cprintf("dumbfork: %s %08x done after %d turns\n",
		who ? "parent" : "child", sys_getenvid(), n);
}
