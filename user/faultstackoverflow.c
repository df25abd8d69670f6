// A handler that faults again, every time: each fault stacks one more
// UTrapframe on the one-page exception stack until it overflows. The kernel
// must notice and kill us with the user_mem_check line.
#include <inc/lib.h>

static int depth;

static void
handler(struct UTrapframe *utf)
{
	if (++depth % 16 == 0)
		cprintf("faultstackoverflow: depth %d, frame at %08x\n",
			depth, (unsigned) utf);
	// Fault again, from the exception stack this time.
	*(volatile int *) 0 = depth;
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	cprintf("faultstackoverflow: writing address 0\n");
	*(volatile int *) 0 = 0;
	cprintf("faultstackoverflow: still alive!\n");
}
