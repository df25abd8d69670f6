// A valid start but a length that runs off the end of the program's mapped
// memory: the kernel must check the whole range, not just the first byte.
#include <inc/lib.h>

static const char message[] = "hello, world";

void
umain(int argc, char **argv)
{
	cprintf("buggyhello2: printing 16 MiB from %08x\n", (unsigned) message);
	sys_cputs(message, 16 * 1024 * 1024);
	cprintf("buggyhello2: still alive, the kernel read past our memory!\n");
}
