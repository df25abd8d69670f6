// fork() is one system call: the kernel shares the parent's pages with the
// child copy-on-write (SPEC section 6) and copies them only when written.

#include <inc/lib.h>

envid_t
fork(void)
{
	envid_t envid = sys_fork();

	// The child's thisenv still points at the parent's slot.
	if (envid == 0)
		thisenv = &envs[ENVX(sys_getenvid())];
	return envid;
}

// Share everything with the child, writable pages too, except the stacks
// and thisenv's page, which are copy-on-write: a thread-like child, as in
// the JOS challenge.
envid_t
sfork(void)
{
	uintptr_t va, own = ROUNDDOWN((uintptr_t) &thisenv, PGSIZE);
	envid_t envid;
	int r;

	// Mark every other writable page shared, so that fork keeps it
	// writable in both.
	for (va = 0; va < USTACKTOP - USTACKSIZE; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE) - PGSIZE;
			continue;
		}
		pte_t pte = uvpt[PGNUM(va)];
		if (va == own || (pte & (PTE_P | PTE_W | PTE_SHARE)) != (PTE_P | PTE_W))
			continue;
		if ((r = sys_page_map(0, (void *) va, 0, (void *) va,
				      (pte & PTE_SYSCALL) | PTE_SHARE)) < 0)
			panic("sfork: %e", r);
	}
	if ((envid = sys_fork()) == 0)
		thisenv = &envs[ENVX(sys_getenvid())];
	return envid;
}
