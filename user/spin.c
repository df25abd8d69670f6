// Preemption: a child spins forever without a single system call; only the
// timer can give the CPU back to the parent, which then destroys it.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	int i;

	cprintf("spin: forking a child that spins forever\n");
	if ((child = fork()) < 0)
		panic("spin: fork: %e", child);
	if (child == 0) {
		cprintf("spin: child %08x starts spinning, interrupts off if it can\n",
			sys_getenvid());
		// popfl cannot clear IF at user privilege: this must change nothing.
		asm volatile("pushfl; andl %0, (%%esp); popfl" : : "i" (~FL_IF) : "cc");
		for (;;)
			;
	}

	for (i = 0; i < 8; i++) {
		sys_yield();
		cprintf("spin: parent back from sys_yield %d\n", i);
	}
	// With several CPUs the child spins on another one, beside the
	// parent: only its own timer interrupts give it new runs.
	for (i = 0; i < 1000000 && envs[ENVX(child)].env_runs < 2; i++)
		sys_yield();
	if (envs[ENVX(child)].env_runs < 2)
		panic("spin: the child ran %d times only", envs[ENVX(child)].env_runs);
	cprintf("spin: the timer preempted the child, ok; destroying it\n");
	sys_env_destroy(child);
	// Destroyed while it runs on another CPU, it is dying: that CPU
	// frees it as soon as it enters the kernel.
	for (i = 0; i < 1000000 && envs[ENVX(child)].env_status == ENV_DYING; i++)
		sys_yield();
	if (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		panic("spin: the child survived sys_env_destroy");
	cprintf("spin: the child is gone, ok\n");
}
