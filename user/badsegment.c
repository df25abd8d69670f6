// Loads the TSS selector (0x28) into %ds: not a data segment, so the CPU
// raises a General Protection fault.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("badsegment: loading selector 0x28 into %%ds\n");
	asm volatile("movw $0x28, %%ax; movw %%ax, %%ds" : : : "eax");
	cprintf("badsegment: still alive with a bad %%ds!\n");
}
