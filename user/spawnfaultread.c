// A spawned program faults, then one this program execs: the kernel's
// fault line names the function (README.md "Which function faulted"), as
// for one it started itself, because spawn tells the kernel which program
// the child runs and exec carries the name over.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	if ((child = spawnl("/faultread", "faultread", NULL)) < 0)
		panic("spawn(/faultread) failed: %e", child);
	wait(child);
	cprintf("spawnfaultread: %s ended\n", envs[ENVX(child)].env_name);
	r = execl("/faultread", "faultread", NULL);
	panic("exec(/faultread) failed: %e", r);
}
