// Three environments taking turns through sys_yield: each prints five
// iterations, and round-robin interleaves them.
#include <inc/lib.h>

#define NENVS	3
#define ROUNDS	5

void
umain(int argc, char **argv)
{
	int i;

	// Two children: the parent and each child fork at most once, in order.
	for (i = 1; i < NENVS; i++) {
		envid_t r = fork();
		if (r < 0)
			panic("yield: fork: %e", r);
		if (r == 0)
			break;
	}
	cprintf("Hello, I am environment %08x.\n", sys_getenvid());
	for (i = 0; i < ROUNDS; i++) {
		sys_yield();
		cprintf("Back in environment %08x, iteration %d.\n", sys_getenvid(), i);
	}
	cprintf("All done in environment %08x.\n", sys_getenvid());
}
