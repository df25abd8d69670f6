#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <kern/sysenter.h>

# The common path of every trap. The vector's entry point (generated in
# obj/kern/vectors.S by conf/vectors.sh) has pushed an error code (a dummy
# where the CPU pushes none) and the trap number.
#
# From user mode, the CPU switched to the stack in the TSS, which
# env_run() points at the END of curenv->env_tf: so the pushes of
# the CPU, of the vector and of this code build the trap frame right
# where the environment keeps it, and nothing is copied. Then we move to
# the real kernel stack. From kernel mode, the frame is on the kernel stack.

#define SIZEOF_STRUCT_TRAPFRAME	0x44	// checked in kern/trap.c
#define CPUINFO_ENV		8	// offsetof(struct CpuInfo, cpu_env): kern/mp.c

.if KSTKSIZE + KSTKGAP != 0x10000
.error "the stack computation below assumes 64 KiB per CPU"
.endif

.text
.globl _alltraps
.type _alltraps, @function
_alltraps:
	cld				# C code assumes the direction flag clear
	pushl	%ds
	pushl	%es
	pushal
	movw	$GD_KD, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movl	%esp, %eax		# the struct Trapframe
	testl	$FL_VM, 0x38(%esp)	# tf_eflags: virtual-8086 mode is user mode too
	jnz	2f
	testb	$3, 0x34(%esp)		# tf_cs: from user mode?
	jz	1f
	# From user mode the frame is curenv->env_tf, and right after it
	# env_run left the top of this CPU's kernel stack.
	movl	SIZEOF_STRUCT_TRAPFRAME(%esp), %esp
1:	pushl	%eax
	xorl	%ebp, %ebp		# backtraces end here, not in user frames
	call	trap			# never returns: it ends in env_run()

	# A virtual-8086 frame is longer than a Trapframe (and its %cs a
	# real-mode segment): trap_vm86 kills the environment, on this CPU's kernel stack (kern/cpu.h) from the
	# task register, which holds GD_TSS0 + 8 * cpunum; each stack is
	# 64 KiB below the last.
2:	str	%edx
	shll	$13, %edx
	movl	$(KSTACKTOP + (GD_TSS0 << 13)), %esp
	subl	%edx, %esp
	pushl	%eax
	xorl	%ebp, %ebp
	call	trap_vm86		# never returns either

# The fast way in: `sysenter` (kern/sysenter.c sets it up). The CPU saves
# nothing and loads %cs, %ss, %esp and %eip from model-specific registers;
# it clears IF but leaves the user's other flags (NT, DF, AC, IOPL) live.
# The caller passes the number and four arguments in the registers of
# `int $0x30` (%eax; %edx, %ecx, %ebx, %edi), its return address in %esi
# and its stack pointer in %ebp (lib/syscall.c). SYSENTER_ESP is the end of
# curenv->env_tf, as the TSS's esp0 is, so the frame is built in place
# exactly as for `int $0x30`: everything that reads a trap frame sees an
# ordinary system call whose tf_err says it came by sysenter.
#
# The frame's %ds and %es are the flat user data segment, loaded here
# (the caller may have left anything in them); the kernel runs on them.
# Segment privilege is checked when a selector is loaded, not when memory
# is used, so the kernel's code works through them unchanged, and the way
# back has nothing to reload.
.macro SYSENTER_FRAME_TOP
	pushl	$T_SYSCALL		# tf_trapno
	pushl	$GD_UD | 3		# tf_ds
	pushl	$GD_UD | 3		# tf_es
	pushal
	movw	TF_DS(%esp), %ds	# %esp-relative: read through %ss, not %ds
	movw	TF_ES(%esp), %es
	cld				# C code assumes the direction flag clear
.endm

.cfi_sections .debug_frame

# The entry, in two versions: sysenter_entry with one CPU, where no lock is
# needed and curenv is cpus[0]'s; sysenter_entry_smp with several, which
# takes the kernel lock (kern/spinlock.h) for the call and finds curenv
# from the task register (kern/cpu.h). sysenter_init_percpu picks one.
.macro SYSENTER_ENTRY smp
	.cfi_startproc
	.cfi_undefined eip		# for GDB: no caller in the kernel
	pushl	$GD_UD | 3		# tf_ss
	pushl	%ebp			# tf_esp: the caller's
	pushfl				# tf_eflags, IF already clear
	orl	$FL_IF, (%esp)		# user mode always runs with interrupts on
	pushl	$GD_UT | 3		# tf_cs
	pushl	%esi			# tf_eip: the caller's return address
	pushl	$TF_ERR_SYSENTER	# tf_err
	SYSENTER_FRAME_TOP
	# An iret with NT set would be a task switch: a caller that set NT
	# takes the way back through C, which clears it. So does a return
	# address in the kernel's half, which kills the caller.
	testl	$FL_NT, TF_EFLAGS(%esp)
	jnz	sysenter_slow_entry
	cmpl	$ULIM, %esi
	jae	sysenter_slow_entry
.if \smp
	# The kernel lock, as spin_lock takes it, with no register to spare:
	# a bit test-and-set, then this CPU's task register as the holder.
	# Taken already (another CPU is in the kernel): wait for it in C.
	lock btsl $0, kernel_lock
	jc	sysenter_slow_entry
	str	kernel_lock + 4		# struct spinlock's holder
	# Destroyed by another CPU while it ran (kern/env.c env_destroy): C
	# frees it. The frame is env_tf, the start of the Env.
	cmpl	$ENV_DYING_ASM, ENV_STATUS(%esp)
	je	9f
	# This CPU's kernel stack (env_run left its top after the frame),
	# with the frame kept on it; %eax, the number, is in the frame too.
	movl	%esp, %eax
	movl	SIZEOF_STRUCT_TRAPFRAME(%esp), %esp
	pushl	%eax
	movl	TF_EAX(%eax), %eax
.else
	# CPU 0's kernel stack, the only one, with the frame kept on it.
	movl	%esp, KSTACKTOP - 4
	movl	$KSTACKTOP - 4, %esp
.endif
	pushl	%esi			# the five arguments: a5 is %esi,
	pushl	%edi			# the return address here
	pushl	%ebx
	call	syscall			# num, a1, a2 in %eax, %edx, %ecx (regparm)

	# Back the fast way with sysexit only to the frame sysenter built:
	# its environment (the frame is the start of its struct Env) still
	# runs, and nothing (sys_env_set_trapframe, exec, a signal) moved its
	# %eip or %esp. %ebx, %edi, %esi and %ebp are the caller's still: the
	# C code saved and restored them.
	movl	12(%esp), %edx		# the frame
	cmpl	$ENV_RUNNING_ASM, ENV_STATUS(%edx)
	jne	sysenter_slow_exit
	cmpl	%esi, TF_EIP(%edx)
	jne	sysenter_slow_exit
	cmpl	%ebp, TF_ESP(%edx)
	jne	sysenter_slow_exit
	movl	%esi, %edx		# sysexit returns to %edx, with %ecx as esp
	movl	%ebp, %ecx
.if \smp
	movl	$0, kernel_lock + 4	# as spin_unlock
	movl	$0, kernel_lock
.endif
	sti				# takes effect after the next instruction:
	sysexit				# interrupts arrive in user mode
.if \smp
9:	movl	$0, kernel_lock + 4
	movl	$0, kernel_lock
	jmp	sysenter_slow_entry
.endif
	.cfi_endproc
.endm

.globl sysenter_entry
.type sysenter_entry, @function
sysenter_entry:
	SYSENTER_ENTRY 0

.globl sysenter_entry_smp
.type sysenter_entry_smp, @function
sysenter_entry_smp:
	SYSENTER_ENTRY 1

# The way back through C: the result goes to the frame, and trap_return()
# resumes it with iret or runs someone else.
sysenter_slow_exit:
	.cfi_startproc
	.cfi_undefined eip
	movl	%eax, TF_EAX(%edx)
	call	trap_return
	.cfi_endproc

# The careful way in: on the kernel stack (below the frame is another
# Env, or whatever precedes envs[]), clear the live flags, then do it all
# in C.
sysenter_slow_entry:
	.cfi_startproc
	.cfi_undefined eip
	movl	%esp, %eax
	movl	SIZEOF_STRUCT_TRAPFRAME(%esp), %esp
	pushl	$FL_RESERVED
	popfl
	pushl	%eax
	call	sysenter_slow		# never returns
	.cfi_endproc

# The debug trap of a `sysenter` executed with the trap flag set (GDB's
# stepi does not set it, the monitor's does). The CPU clears TF only
# after sysenter, so the trap arrives in kernel mode at sysenter_entry,
# pushed on the SYSENTER_ESP stack, i.e. over the end of curenv->env_tf:
# its eip, cs and the user's eflags with TF set. Vector 1 comes here
# (conf/vectors.sh); the 12 bytes become tf_eflags, tf_esp and tf_ss,
# the rest of the frame is pushed as sysenter_entry does, and C runs the
# call and reports the step at the caller's return address.
.globl sysenter_debug
.type sysenter_debug, @function
sysenter_debug:
	movl	%ebp, 4(%esp)		# tf_esp, over the pushed cs
	movl	8(%esp), %ebp		# the user's eflags ...
	movl	%ebp, (%esp)		# ... to tf_eflags, over the pushed eip
	movl	$GD_UD | 3, 8(%esp)	# tf_ss
	movl	4(%esp), %ebp		# %ebp is the caller's esp again
	orl	$FL_IF, (%esp)
	pushl	$GD_UT | 3		# tf_cs
	pushl	%esi			# tf_eip
	pushl	$TF_ERR_SYSENTER	# tf_err
	SYSENTER_FRAME_TOP
	jmp	sysenter_slow_entry
