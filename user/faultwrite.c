// Writes address 0, which is never mapped.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("faultwrite: writing address 0\n");
	*(volatile unsigned *) 0 = 0;
	cprintf("faultwrite: wrote address 0!\n");
}
