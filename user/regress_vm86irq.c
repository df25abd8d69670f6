// Regression: an environment spinning in virtual-8086 mode (which QEMU
// lets user code enter with iret) is stopped by the timer interrupt. The
// kernel must acknowledge that interrupt before it destroys the
// environment, or the timer never interrupts again and the next
// environment that spins keeps the CPU forever.

#include <inc/lib.h>

#define CODE	0x1000		// vm86 cs:ip 0100:0000, linear 0x1000

static void
spin_in_vm86(void)
{
	int r;

	// "jmp ." at linear address CODE.
	if ((r = sys_page_alloc(0, (void *) CODE, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*(volatile uint16_t *) CODE = 0xFEEB;
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
