// Asks the kernel to print its own memory on our behalf.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("evilhello: printing kernel address f010000c\n");
	sys_cputs((char *) 0xf010000c, 100);
	cprintf("evilhello: still alive, the kernel leaked its memory!\n");
}
