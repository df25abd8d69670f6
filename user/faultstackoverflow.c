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

// The same with a handler whose own stack frame is big: here it is the
// handler's own locals, not a UTrapframe pushed by the kernel, that first
// go past the bottom of the exception stack, into the empty page below it.
static void
big_handler(struct UTrapframe *utf)
{
	volatile char buf[600];

	buf[0] = ++depth;
	cprintf("faultstackoverflow: depth %d, frame at %08x, locals at %08x\n",
		depth, (unsigned) utf, (unsigned) buf);
	*(volatile int *) 0 = depth;
}

void
umain(int argc, char **argv)
{
	bool big = argc > 1 && strcmp(argv[1], "big") == 0;

	set_pgfault_handler(big ? big_handler : handler);
	cprintf("faultstackoverflow: writing address 0\n");
	*(volatile int *) 0 = 0;
	cprintf("faultstackoverflow: still alive!\n");
}
