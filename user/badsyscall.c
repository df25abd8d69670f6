// System call numbers outside the table must return -E_INVAL, and the
// program goes on.
#include <inc/lib.h>

static int32_t
raw_syscall(uint32_t num)
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a" (ret)
		     : "i" (T_SYSCALL), "a" (num), "d" (0), "c" (0), "b" (0), "D" (0), "S" (0)
		     : "cc", "memory");
	return ret;
}

void
umain(int argc, char **argv)
{
	static const uint32_t nums[] = { 12345, (uint32_t) -1, NSYSCALLS, 0x80000000 };
	int i, bad = 0;

	for (i = 0; i < (int) (sizeof(nums) / sizeof(nums[0])); i++) {
		int32_t r = raw_syscall(nums[i]);
		cprintf("badsyscall: syscall %d returned %d\n", (int) nums[i], r);
		if (r != -E_INVAL)
			bad++;
	}
	if (bad)
		panic("badsyscall: %d calls did not return -E_INVAL", bad);
	cprintf("badsyscall: all returned -E_INVAL, ok\n");
}
