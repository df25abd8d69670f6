// Reads kernel memory at f0100000, mapped but not for the user.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("faultreadkernel: reading address f0100000\n");
	cprintf("faultreadkernel: read %08x from the kernel!\n",
		*(volatile unsigned *) 0xf0100000);
}
