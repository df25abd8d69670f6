// A page-fault upcall inside the kernel: the kernel must not run its own
// code on our behalf; it kills us with the user_mem_check line.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int r;

	if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("faultevilhandler: sys_page_alloc: %e", r);
	if ((r = sys_env_set_pgfault_upcall(0, (void *) 0xf0100020)) < 0)
		panic("faultevilhandler: sys_env_set_pgfault_upcall: %e", r);
	cprintf("faultevilhandler: upcall at f0100020, writing address 0\n");
	*(volatile int *) 0 = 0;
	cprintf("faultevilhandler: still alive!\n");
}
