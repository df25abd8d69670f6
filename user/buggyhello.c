// Hands the kernel an unmapped pointer to print: sys_cputs must check it
// and kill us with the user_mem_check line instead of touching it.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("buggyhello: printing from address 0x1\n");
	sys_cputs((char *) 1, 1);
	cprintf("buggyhello: still alive, the kernel printed unmapped memory!\n");
}
