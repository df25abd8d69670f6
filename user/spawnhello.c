// JOS lab 5's spawn test: start /hello from the file system as a child.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;

	cprintf("i am parent environment %08x\n", thisenv->env_id);
	if ((child = spawnl("hello", "hello", NULL)) < 0)
		panic("spawn(hello) failed: %e", child);
	// The parent exits at once, as JOS's does: the child outlives it.
}
