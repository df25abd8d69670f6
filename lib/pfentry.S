#include <inc/mmu.h>
#include <inc/memlayout.h>

// The page-fault upcall: where the kernel sends a user page fault it does
// not resolve itself (SPEC section 6). The kernel has pushed a struct
// UTrapframe on the exception stack and pointed %esp at it:
//
//	trap-time esp		<- 48(%esp)
//	trap-time eflags	<- 44(%esp)
//	trap-time eip		<- 40(%esp)
//	trap-time edi .. eax	<- 8(%esp) .. 36(%esp)  (struct PushRegs)
//	tf_err			<- 4(%esp)
//	fault_va		<- 0(%esp)
//
// We call the C handler, then return to the faulting instruction with every
// register and eflags as they were, without passing through the kernel:
// the trap-time eip is pushed onto the trap-time stack, everything else is
// restored from the UTrapframe, and a final `ret` jumps there. When the
// fault happened on the exception stack itself, the kernel left a free
// word below the interrupted frame for exactly that eip.

.text
.globl _pgfault_upcall
_pgfault_upcall:
	pushl %esp			// the UTrapframe is the handler's argument
	movl _pgfault_handler, %eax
	call *%eax
	addl $4, %esp

	// Push the trap-time eip onto the trap-time stack.
	movl 48(%esp), %eax		// trap-time esp
	subl $4, %eax
	movl 40(%esp), %edx		// trap-time eip
	movl %edx, (%eax)
	movl %eax, 48(%esp)		// that stack now starts with the eip

	// Restore the registers, then eflags (no arithmetic after this),
	// then the stack, and return to the faulting instruction.
	addl $8, %esp			// skip fault_va and err
	popal
	addl $4, %esp			// skip eip
	popfl
	popl %esp
	ret
