// Raises vector 14 (page fault) by hand. User code may only invoke the
// breakpoint and system call gates, so the CPU turns this into a General
// Protection fault, and the kernel must not take it for a page fault.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("softint: int $14\n");
	asm volatile("int $14");
	cprintf("softint: still alive after int $14!\n");
}
