// A user-level copy-on-write fork in the style of JOS lab 4, built from
// sys_exofork, sys_page_map with PTE_COW and a page-fault handler that
// copies the page. Run with the kernel option cow=user, copy-on-write
// faults reach this handler; without it the kernel resolves them first
// (SPEC section 6) and the handler never sees one. Either way the parent
// and child must end up with private copies.

#include <inc/lib.h>

static volatile int handled;	// copy-on-write faults this environment's handler fixed
int value = 1;			// in .data: shared copy-on-write

static void
cow_handler(struct UTrapframe *utf)
{
	void *addr = (void *) ROUNDDOWN(utf->utf_fault_va, PGSIZE);
	int r;

	if (!(utf->utf_err & FEC_WR) || !(uvpt[PGNUM(addr)] & PTE_COW))
		panic("ufork: unexpected fault at %08x, eip %08x, err %x",
		      utf->utf_fault_va, utf->utf_eip, utf->utf_err);
	if ((r = sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("ufork: sys_page_alloc: %e", r);
	memmove(PFTEMP, addr, PGSIZE);
	if ((r = sys_page_map(0, PFTEMP, 0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("ufork: sys_page_map: %e", r);
	if ((r = sys_page_unmap(0, PFTEMP)) < 0)
		panic("ufork: sys_page_unmap: %e", r);
	handled++;
}

// Share the page at va with the child: writable pages copy-on-write in
// both, read-only ones as they are.
static void
duppage(envid_t child, uintptr_t va)
{
	pte_t pte = uvpt[PGNUM(va)];
	int perm = PTE_P | PTE_U;
	int r;

	if (pte & (PTE_W | PTE_COW))
		perm |= PTE_COW;
	if ((r = sys_page_map(0, (void *) va, child, (void *) va, perm)) < 0 ||
	    (r = sys_page_map(0, (void *) va, 0, (void *) va, perm)) < 0)
		panic("ufork: duppage %08x: %e", va, r);
}

static envid_t
ufork(void)
{
	extern void _pgfault_upcall(void);
	envid_t child;
	uintptr_t va;
	int r;

	set_pgfault_handler(cow_handler);
	if ((child = sys_exofork()) < 0)
		panic("ufork: sys_exofork: %e", child);
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	for (va = 0; va < USTACKTOP; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE) - PGSIZE;
			continue;
		}
		if (uvpt[PGNUM(va)] & PTE_P)
			duppage(child, va);
	}
	if ((r = sys_page_alloc(child, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_env_set_pgfault_upcall(child, _pgfault_upcall)) < 0 ||
	    (r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("ufork: %e", r);
	return child;
}

void
umain(int argc, char **argv)
{
	envid_t child = ufork();

	if (child == 0) {
		value = 2;
		cprintf("ufork: child sees %d, its handler fixed %d faults\n", value, handled);
		exit();
	}
	while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();
	value = 3;
	cprintf("ufork: parent sees %d, its handler fixed %d faults\n", value, handled);
}
