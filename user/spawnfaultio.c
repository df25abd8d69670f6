// JOS lab 5's spawnfaultio: a spawned child gets no I/O privilege either;
// faultio's in/out traps and kills it.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;

	cprintf("i am parent environment %08x\n", thisenv->env_id);
	if ((child = spawnl("faultio", "faultio", NULL)) < 0)
		panic("spawn(faultio) failed: %e", child);
}
