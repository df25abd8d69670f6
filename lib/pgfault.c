// User-level page fault handling: set_pgfault_handler() installs a C
// function that runs, on the user exception stack, for each page fault the
// kernel does not resolve itself (SPEC section 6).

#include <inc/lib.h>

extern void _pgfault_upcall(void);

// Called by the assembly upcall in lib/pfentry.S.
void (*_pgfault_handler)(struct UTrapframe *utf);

void
set_pgfault_handler(void (*handler)(struct UTrapframe *utf))
{
	int r;

	if (_pgfault_handler == 0) {
		// First time: an exception stack, and the kernel told where to go.
		if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
			panic("set_pgfault_handler: no exception stack: %e", r);
		if ((r = sys_env_set_pgfault_upcall(0, _pgfault_upcall)) < 0)
			panic("set_pgfault_handler: %e", r);
	}
	_pgfault_handler = handler;
}
