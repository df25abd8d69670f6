// Executes int3: the kernel monitor takes over (in batch mode the kernel
// prints the trap frame and destroys us). After `continue`, we carry on.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("breakpoint: int3\n");
	asm volatile("int3");
	cprintf("breakpoint: continued after int3\n");
}
