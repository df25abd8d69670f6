// Regression: each environment must keep its own x87 registers. Two
// environments each load a value of their own onto the x87 stack, give up
// the CPU, and read it back: on a kernel that does not save and restore
// the FPU state across a switch, each reads the other's value.

#include <inc/lib.h>

#define ROUNDS	20

static int
check(uint64_t mine, const char *who)
{
	uint64_t out;
	int i, bad = 0;

	for (i = 0; i < ROUNDS; i++) {
		asm volatile("fldl %0" :: "m" (mine));
		sys_yield();
		asm volatile("fstpl %0" : "=m" (out));
		if (out != mine)
			bad++;
	}
	if (bad)
		cprintf("regress_fpu_regs: FAILED: the %s lost its x87 register %d times in %d\n",
			who, bad, ROUNDS);
	else
		cprintf("regress_fpu_regs: %s ok\n", who);
	return bad;
}

void
umain(int argc, char **argv)
{
	envid_t child;

	asm volatile("fninit");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		check(0x3FF0000000000000ULL, "child");		// 1.0
		exit();
	}
	check(0x4000000000000000ULL, "parent");		// 2.0
	while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();
}
