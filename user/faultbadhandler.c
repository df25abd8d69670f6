// A page-fault upcall at an unmapped address: the kernel must refuse to
// jump there and kill us with the user_mem_check line.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int r;

	if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("faultbadhandler: sys_page_alloc: %e", r);
	if ((r = sys_env_set_pgfault_upcall(0, (void *) 0xdeadbeef)) < 0)
		panic("faultbadhandler: sys_env_set_pgfault_upcall: %e", r);
	cprintf("faultbadhandler: upcall at deadbeef, writing address 0\n");
	*(volatile int *) 0 = 0;
	cprintf("faultbadhandler: still alive!\n");
}
