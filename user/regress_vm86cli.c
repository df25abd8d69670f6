// Regression: one iret must not hang the machine. QEMU's TCG lets ring-3
// code iret into virtual-8086 mode and takes IF and IOPL from the user's
// frame. With interrupts off, `jmp .` there would never trap again: no
// timer, no other environment, a batch run that times out. The kernel
// cannot trap the iret, so it takes away what vm86 code needs: no page
// may be mapped below UMMAPMIN (inc/memlayout.h), which covers all that
// vm86 code can address. The child tries to map its `jmp .` there in
// every way a program can, is refused each time, enters vm86 mode with
// IF clear and IOPL 3 anyway, and dies at its first instruction. If it
// spun instead, the parent would never run again and the test would
// time out.

#include <inc/lib.h>

#define CODE	0x1000		// vm86 cs:ip 0100:0000, linear 0x1000
#define PERM	(PTE_P | PTE_U | PTE_W)

static void
expect_inval(const char *what, int r)
{
	if (r != -E_INVAL)
		cprintf("regress_vm86cli: FAILED: %s at %x returned %e\n", what, CODE, r);
}

static void
spin_in_vm86_with_interrupts_off(void)
{
	expect_inval("sys_page_alloc", sys_page_alloc(0, (void *) CODE, PERM));
	if (sys_page_alloc(0, UTEMP, PERM) < 0)
		panic("sys_page_alloc at UTEMP failed");
	*(volatile uint16_t *) UTEMP = 0xFEEB;		// jmp .
	expect_inval("sys_page_map", sys_page_map(0, UTEMP, 0, (void *) CODE, PERM));
	expect_inval("sys_ipc_recv", sys_ipc_recv((void *) CODE));
	asm volatile("pushl $0\n pushl $0\n pushl $0\n pushl $0\n"	// gs fs ds es
		     "pushl $0\n pushl $0x2000\n"			// ss esp
		     "pushl $0x23002\n"					// eflags: VM, IOPL 3, IF clear
		     "pushl $0x100\n pushl $0\n"			// cs ip
		     "iret" ::: "memory");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if ((child = fork()) == 0) {
		spin_in_vm86_with_interrupts_off();
		cprintf("regress_vm86cli: iret did not enter vm86 mode\n");
		exit();
	}
	while (envs[ENVX(child)].env_id == child && envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();
	cprintf("regress_vm86cli: the child died in vm86 mode, the parent runs again\n");
}
