// Regression: a user program that gets into virtual-8086 mode must die,
// not panic the kernel or corrupt its memory.
//
// Real x86 processors ignore EFLAGS.VM in an iret executed at CPL 3, but
// QEMU's TCG honours it: `iret` with VM set enters vm86 mode from user
// mode. A trap from vm86 mode pushes four more words (es, ds, fs, gs) and
// a vm86 %cs whose low bits need not be 3:
//  - with %cs = 0 the kernel took the trap for one from kernel mode and
//    panicked ("page fault in kernel mode");
//  - with %cs = 3 the frame, 16 bytes longer, was built 16 bytes below
//    the environment's env_tf, over the end of the Env before it in
//    envs[] (or of pages[], for envs[0]);
//  - with IOPL 3 (which QEMU's iret also lets ring 3 set), `int $0x30`
//    in vm86 mode reached the system call gate: the call ran on the
//    longer frame, and the return popped the environment's env_tf, 16
//    bytes off (its %es then held the vm86 %eip): a general protection
//    fault in the kernel, a panic.
// Since then no user page may be mapped below UMMAPMIN (inc/memlayout.h),
// which covers all that vm86 code can address: it faults at its first
// instruction, and can no longer make a system call at all.
//
// The parent's first child blocks in sys_ipc_recv (so that its env_ipc_*
// fields, at the end of its struct Env, are known: dstva UTOP, the rest
// 0); the second child, in the next slot, enters vm86 mode with %cs = 3
// and faults; the third does the same with %cs = 0; the fourth tries to
// map code for a system call below UMMAPMIN (refused) and enters vm86
// mode with IOPL 3. All must die, and the first child's fields must be
// intact.

#include <inc/lib.h>

#define MARK	0x0BADC0DE	// in the registers of the vm86 children

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

// iret into vm86 mode at cs:0x1000 with eflags (VM set). Unless the
// caller mapped code there, the first instruction faults.
static void
enter_vm86(uint32_t cs, uint32_t eflags)
{
	asm volatile("movl %2, %%edi\n"
		     "movl %2, %%esi\n"
		     "movl %3, %%eax\n"		// for a system call: sys_getenvid
		     "pushl $0\n"		// gs
		     "pushl $0\n"		// fs
		     "pushl $0\n"		// ds
		     "pushl $0\n"		// es
		     "pushl $0\n"		// ss
		     "pushl $0x2000\n"		// esp
		     "pushl %1\n"		// eflags
		     "pushl %0\n"		// cs
		     "pushl $0x1000\n"		// eip
		     "iret"
		     :: "r" (cs), "r" (eflags), "i" (MARK), "i" (SYS_getenvid)
		     : "eax", "edi", "esi", "memory");
}

#define VM86_SYSCALL	1	// cs for the child that makes a system call

static envid_t
vm86_child(uint32_t cs)
{
	envid_t id = fork();
	int r;

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		if (cs != VM86_SYSCALL)
			enter_vm86(cs, 0x20202);		// VM, IF
		// Code for int $0x30 at 0x1000 would be refused: the
		// first instruction faults.
		if ((r = sys_page_alloc(0, (void *) 0x1000, PTE_P | PTE_U | PTE_W)) != -E_INVAL) {
			cprintf("regress_vm86: FAILED: sys_page_alloc at 0x1000 returned %e\n", r);
			exit();
		}
		enter_vm86(0, 0x23202);			// VM, IOPL 3, IF
		// A processor that ignores VM returns here, in user mode.
		cprintf("regress_vm86: iret did not enter vm86 mode (cs %x)\n", cs);
		exit();
	}
	while (alive(id))
		sys_yield();
	return id;
}

void
umain(int argc, char **argv)
{
	envid_t receiver;
	const volatile struct Env *r;
	int failures = 0;

	if ((receiver = fork()) < 0)
		panic("fork: %e", receiver);
	if (receiver == 0) {
		sys_ipc_recv((void *) UTOP);
		exit();
	}
	r = &envs[ENVX(receiver)];
	while (!r->env_ipc_recving)
		sys_yield();

	vm86_child(3);
	if (r->env_ipc_dstva != (void *) UTOP || r->env_ipc_value != 0 ||
	    r->env_ipc_from != 0 || r->env_ipc_perm != 0 || !r->env_ipc_recving) {
		cprintf("regress_vm86: FAILED: a trap from vm86 mode overwrote the next Env: "
			"dstva %08x value %08x from %08x perm %08x\n",
			r->env_ipc_dstva, r->env_ipc_value, r->env_ipc_from, r->env_ipc_perm);
		failures++;
	} else
		cprintf("regress_vm86: cs 3: the child died, its neighbour intact\n");

	vm86_child(0);
	cprintf("regress_vm86: cs 0: the child died\n");

	vm86_child(VM86_SYSCALL);
	cprintf("regress_vm86: IOPL 3, no code below UMMAPMIN: the child died\n");

	if (sys_ipc_try_send(receiver, 0, (void *) UTOP, 0) < 0)
		sys_env_destroy(receiver);
	while (alive(receiver))
		sys_yield();
	if (failures == 0)
		cprintf("regress_vm86: ok\n");
}
