#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/trap.h>

# The common path of every trap. The vector's entry point (generated in
# obj/kern/vectors.S by conf/vectors.sh) has pushed an error code (a dummy
# where the CPU pushes none) and the trap number.
#
# From user mode, the CPU switched to the stack in the TSS, which
# trap_set_frame() points at the END of curenv->env_tf: so the pushes of
# the CPU, of the vector and of this code build the trap frame right
# where the environment keeps it, and nothing is copied. Then we move to
# the real kernel stack. From kernel mode, the frame is on the kernel stack.

#define SIZEOF_STRUCT_TRAPFRAME	0x44	// checked in kern/trap.c

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
