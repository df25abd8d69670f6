#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <kern/sysenter.h>

# The common path of every trap. The vector's entry point (generated in
# obj/kern/vectors.S by conf/vectors.sh) has pushed an error code (a dummy
# where the CPU pushes none) and the trap number.
#
# From user mode, the CPU switched to the stack in the TSS, which
# trap_set_frame() points at the END of curenv->env_tf: so the pushes of
# the CPU, of the vector and of this code build the trap frame right
# where the environment keeps it, and nothing is copied. Then we move to
# the real kernel stack. From kernel mode, the frame is on the kernel stack.

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
	testb	$3, 0x34(%esp)		# tf_cs: from user mode?
	jnz	2f
	testl	$FL_VM, 0x38(%esp)	# tf_eflags: virtual-8086 mode is user mode too
	jz	1f
2:	movl	$KSTACKTOP, %esp
1:	pushl	%eax
	xorl	%ebp, %ebp		# backtraces end here, not in user frames
	call	trap			# never returns: it ends in env_run()

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
.globl sysenter_entry
.type sysenter_entry, @function
sysenter_entry:
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
	movl	%esp, KSTACKTOP - 4	# the frame, kept on the kernel stack
	movl	$KSTACKTOP - 4, %esp
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
	sti				# takes effect after the next instruction:
	sysexit				# interrupts arrive in user mode

# The way back through C: the result goes to the frame, and trap_return()
# resumes it with iret or runs someone else.
sysenter_slow_exit:
	movl	%eax, TF_EAX(%edx)
	call	trap_return

# The careful way in: on the kernel stack (below the frame is another
# Env, or whatever precedes envs[]), clear the live flags, then do it all
# in C.
sysenter_slow_entry:
	movl	%esp, %eax
	movl	$KSTACKTOP, %esp
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
