#include <inc/mmu.h>
#include <inc/memlayout.h>

# The boot sector jumps here with paging off, at the kernel's physical load
# address, while the kernel is linked at KERNBASE and above. Until paging
# is on, symbols must be translated to physical addresses by hand.
#define	RELOC(x) ((x) - KERNBASE)

# The ELF entry point is the physical address of `entry`.
.globl		_start
_start = RELOC(entry)

.globl entry
.type entry, @function
entry:
	# The time stamp at the kernel's first instruction (see `timing` in
	# kern/cmdline.c). Physical address: paging is not on yet.
	rdtsc
	movl	%eax, RELOC(entry_tsc)
	movl	%edx, RELOC(entry_tsc) + 4

	# entry_pgdir (kern/entrypgdir.c) maps the first BOOTMAPSIZE bytes at
	# both 0 and KERNBASE, in 4 MiB pages: turn on 4 MiB pages first.
	movl	%cr4, %eax
	orl	$(CR4_PSE), %eax
	movl	%eax, %cr4
	movl	$(RELOC(entry_pgdir)), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$(CR0_PE|CR0_PG|CR0_WP), %eax
	movl	%eax, %cr0

	# Paging is on, but we still run at low addresses (the identity
	# mapping keeps them valid): jump up to KERNBASE.
	mov	$relocated, %eax
	jmp	*%eax
relocated:
	movl	$0x0, %ebp			# ends the chain of frames for backtraces
	movl	$(bootstacktop), %esp
	call	i386_init

	# i386_init never returns.
spin:	jmp	spin


	.p2align	3
	.globl		entry_tsc
entry_tsc:
	.quad		0

# The boot stack. kern/pmap.c maps it again at KSTACKTOP, with an
# unmapped guard gap below it, and every trap runs on that mapping.
.data
	.p2align	PGSHIFT
	.globl		bootstack
bootstack:
	.space		KSTKSIZE
	.globl		bootstacktop
bootstacktop:
