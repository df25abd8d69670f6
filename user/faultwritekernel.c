// Writes kernel memory at f0100000, mapped but not for the user.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("faultwritekernel: writing address f0100000\n");
	*(volatile unsigned *) 0xf0100000 = 0;
	cprintf("faultwritekernel: wrote into the kernel!\n");
}
