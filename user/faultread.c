// Reads address 0, which is never mapped.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("faultread: reading address 0\n");
	cprintf("faultread: read %08x from address 0!\n", *(volatile unsigned *) 0);
}
