// sysenter/sysexit, the fast way into the kernel beside `int $0x30`. The
// entry is sysenter_entry in kern/trapentry.S; here are the set-up of each
// CPU and the careful way through C for what the entry leaves to it.
//
// sysenter saves nothing: the caller passes its return address in %esi
// and its stack pointer in %ebp, and sysexit returns to %edx with %ecx as
// the stack pointer, taking nothing else from the frame. So the way back
// is sysexit only for a frame that sysenter built and nothing since
// changed; any other goes through trap_return() and iret, as after
// `int $0x30`.

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/assert.h>
#include <inc/env.h>

#include <kern/env.h>
#include <kern/trap.h>
#include <kern/syscall.h>
#include <kern/sysenter.h>
#include <kern/spinlock.h>

extern char sysenter_entry[], sysenter_entry_smp[];

// The offsets kern/trapentry.S uses must be the compiler's.
static void
sysenter_check_offsets(void)
{
	static_assert(offsetof(struct Trapframe, tf_regs.reg_eax) == TF_EAX);
	static_assert(offsetof(struct Trapframe, tf_es) == TF_ES);
	static_assert(offsetof(struct Trapframe, tf_ds) == TF_DS);
	static_assert(offsetof(struct Trapframe, tf_eip) == TF_EIP);
	static_assert(offsetof(struct Trapframe, tf_eflags) == TF_EFLAGS);
	static_assert(offsetof(struct Trapframe, tf_esp) == TF_ESP);
	static_assert(offsetof(struct Env, env_tf) == 0);
	static_assert(offsetof(struct Env, env_status) == ENV_STATUS);
	static_assert(ENV_RUNNING == ENV_RUNNING_ASM && ENV_DYING == ENV_DYING_ASM);
	// sysexit's segments are the two after SYSENTER_CS's pair.
	static_assert(GD_KD == GD_KT + 8 && GD_UT == GD_KT + 16 && GD_UD == GD_KT + 24);
}

// Set up sysenter on the CPU this runs on. The stack is set each time an
// environment is given the CPU (sysenter_set_frame).
void
sysenter_init_percpu(void)
{
	uint32_t edx;

	sysenter_check_offsets();
	cpuid(1, NULL, NULL, NULL, &edx);
	if (!(edx & CPUID_SEP)) {
		// SYSENTER_CS stays 0: a sysenter is then a general
		// protection fault, which kills the program that tried.
		cprintf("sysenter: this CPU has none; build programs with SYSCALL=int\n");
		return;
	}
	wrmsr(MSR_SYSENTER_CS, GD_KT);
	// With several CPUs, the entry that takes the kernel lock.
	wrmsr(MSR_SYSENTER_EIP, (uintptr_t) (kernel_lock_smp ? sysenter_entry_smp : sysenter_entry));
	wrmsr(MSR_SYSENTER_ESP, 0);
}

// The next sysenter builds its frame in tf (called with the TSS's esp0).
void
sysenter_set_frame(struct Trapframe *tf)
{
	wrmsr(MSR_SYSENTER_ESP, (uintptr_t) (tf + 1));
}

// The careful way in: a caller whose flags had NT set (an iret would take
// it for a task switch, so the entry cleared the live flags), or the trap
// flag (the step ends after the call, at the return address), or whose
// return address is the kernel's, which sysexit must never go to. tf is
// curenv's frame, complete.
void
sysenter_slow(struct Trapframe *tf)
{
	struct PushRegs *r = &tf->tf_regs;
	uint32_t eip = tf->tf_eip, esp = tf->tf_esp;

	// With several CPUs a sysenter comes this way when another CPU holds
	// the kernel lock, or its environment was destroyed meanwhile.
	trap_enter_from_user(tf);
	if (tf->tf_eip >= ULIM) {
		cprintf("[%08x] sysenter with return address %08x above ULIM: killed\n",
			curenv->env_id, tf->tf_eip);
		env_destroy(curenv);
	}
	r->reg_eax = syscall(r->reg_eax, r->reg_edx, r->reg_ecx, r->reg_ebx,
			     r->reg_edi, r->reg_esi);
	// Back to the caller as sysexit would be: %edx the return address,
	// %ecx the stack pointer (unless the call gave it a new frame).
	if (tf->tf_eip == eip && tf->tf_esp == esp) {
		r->reg_edx = eip;
		r->reg_ecx = esp;
	}
	// A single step over the sysenter ends here: the trap it would have
	// been, from the caller's next instruction. (A call that gave up the
	// CPU resumes with iret instead, and the step ends one instruction
	// later, as after int $0x30.)
	if ((tf->tf_eflags & FL_TF) && curenv->env_status == ENV_RUNNING) {
		tf->tf_trapno = T_DEBUG;
		tf->tf_err = 0;
		unlock_kernel();	// trap() takes it again
		trap(tf);
	}
	trap_return();
}
