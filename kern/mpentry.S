#include <inc/mmu.h>
#include <inc/memlayout.h>

# Where the other CPUs start. kern/mp.c boot_aps() copies the code between
# mpentry_start and mpentry_end to a page below 640 KiB and sends each CPU
# a STARTUP IPI naming that page: the CPU starts there in real mode, with
# %cs the page's segment and %ip 0, so that code may use only addresses
# relative to its start. It loads the kernel's GDT (at its physical
# address, paging being off), turns on protected mode and jumps to the
# rest, which is ordinary kernel text run at its physical address until
# paging is on: the same steps as kern/entry.S for CPU 0.

#define RELOC(x) ((x) - KERNBASE)

.text
.code16
.globl mpentry_start
mpentry_start:
	cli
	cld
	lgdtl	%cs:(mpentry_gdtdesc - mpentry_start)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$(GD_KT), $(RELOC(mpentry32))

	.p2align 2
mpentry_gdtdesc:
	.word	GD_KD + 7		# the kernel's code and data segments
	.long	RELOC(gdt)		# kern/env.c
.globl mpentry_end
mpentry_end:

.code32
mpentry32:
	movw	$(GD_KD), %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	# As kern/entry.S: 4 MiB pages, entry_pgdir, paging on.
	movl	%cr4, %eax
	orl	$(CR4_PSE), %eax
	movl	%eax, %cr4
	movl	$(RELOC(entry_pgdir)), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0
	# The stack boot_aps() chose for this CPU (a kernel address: paging
	# is on), and up into the kernel's own addresses.
	movl	mpentry_kstack, %esp
	movl	$0, %ebp		# ends the chain of frames for backtraces
	movl	$mp_main, %eax
	call	*%eax
1:	jmp	1b
