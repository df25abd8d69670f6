// A real upcall but no exception stack: the kernel cannot push the
// UTrapframe and kills us with the user_mem_check line.
#include <inc/lib.h>

extern void _pgfault_upcall(void);

void
umain(int argc, char **argv)
{
	int r;

	if ((r = sys_env_set_pgfault_upcall(0, _pgfault_upcall)) < 0)
		panic("faultnostack: sys_env_set_pgfault_upcall: %e", r);
	cprintf("faultnostack: upcall set, no exception stack, writing address 0\n");
	*(volatile int *) 0 = 0;
	cprintf("faultnostack: still alive!\n");
}
