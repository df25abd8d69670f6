// Regression: an x87 exception left pending by one environment must not
// kill another. The child unmasks the zero-divide exception and divides by
// zero, which leaves the exception pending in the FPU until the next
// waiting x87 instruction, and exits without executing one. The parent,
// which did nothing wrong, then uses the FPU: on a kernel that neither
// saves nor resets the FPU state per environment, the parent receives the
// child's #MF (x87 FPU Floating-Point Error) and is killed for it.

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	uint16_t cw = 0x037B;		// default control word, zero-divide unmasked
	uint64_t zero = 0;		// 0.0
	uint64_t two = 0x4000000000000000ULL;	// 2.0
	uint64_t out = 0;

	// The parent uses the FPU first, the way compiled code would.
	asm volatile("fninit; fldl %1; fstpl %0" : "=m" (out) : "m" (two));

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		// 1.0 / 0.0 with the exception unmasked: pending, not raised
		// until the next waiting x87 instruction, which never comes.
		asm volatile("fldcw %0; fld1; fdivl %1" :: "m" (cw), "m" (zero));
		cprintf("regress_fpu_fault: child leaves an x87 exception pending\n");
		exit();
	}
	while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();

	// Innocent floating point in the parent. (Real hardware raises a
	// pending exception at the next waiting x87 instruction; QEMU's TCG
	// only at fwait, so there is one.)
	asm volatile("fldl %1; fstpl %0; fwait" : "=m" (out) : "m" (two));
	if (out != two)
		cprintf("regress_fpu_fault: FAILED: the parent's x87 result is wrong\n");
	else
		cprintf("regress_fpu_fault: ok\n");
}
