// Regression: an environment that enters virtual-8086 mode (which QEMU
// lets user code do with iret) dies there, and the machine's timer keeps
// preempting the next environment that spins.
//
// Once, vm86 code could run ("jmp ." at 0x1000) until the timer stopped
// it, and the kernel had to acknowledge that interrupt before destroying
// the environment, or the timer never interrupted again. Now no page may
// be mapped below UMMAPMIN (inc/memlayout.h): the code is refused, the
// first vm86 instruction page-faults, and the environment dies of that.

#include <inc/lib.h>

#define CODE	0x1000		// vm86 cs:ip 0100:0000, linear 0x1000

static void
spin_in_vm86(void)
{
	int r;

	// "jmp ." at linear address CODE: refused.
	if ((r = sys_page_alloc(0, (void *) CODE, PTE_P | PTE_U | PTE_W)) != -E_INVAL) {
		cprintf("regress_vm86irq: FAILED: sys_page_alloc at %x returned %e\n", CODE, r);
		return;
	}
	asm volatile("pushl $0\n pushl $0\n pushl $0\n pushl $0\n"	// gs fs ds es
		     "pushl $0\n pushl $0x2000\n"			// ss esp
		     "pushl $0x20202\n"					// eflags: VM, IF
		     "pushl $0x100\n pushl $0\n"			// cs ip
		     "iret" ::: "memory");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if ((child = fork()) == 0) {
		spin_in_vm86();
		cprintf("regress_vm86irq: iret did not enter vm86 mode\n");
		exit();
	}
	while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();

	// A spinning child now needs the timer to stop it.
	if ((child = fork()) == 0)
		for (;;)
			;
	sys_yield();
	sys_env_destroy(child);
	cprintf("regress_vm86irq: ok\n");
}
