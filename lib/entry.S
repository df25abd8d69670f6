#include <inc/mmu.h>
#include <inc/memlayout.h>

// Where user programs find the kernel's read-only views: envs[] at UENVS,
// pages[] at UPAGES, and the current page table at UVPT.
	.globl envs
	.set envs, UENVS
	.globl pages
	.set pages, UPAGES
	.globl uvpt
	.set uvpt, UVPT
	.globl uvpd
	.set uvpd, (UVPT+(UVPT>>12)*4)


// The entry point of every user program. The kernel has put argc and
// argv on the stack, where libmain(argc, argv) finds them as arguments.
// A program started some other way (an exofork child does not come here)
// with nothing on its stack gets argc 0 and argv NULL.
.text
.globl _start
_start:
	cmpl $USTACKTOP, %esp
	jne args_exist
	pushl $0
	pushl $0
args_exist:
	xorl %ebp, %ebp			// the end of the chain of frames
	call libmain
1:	jmp 1b
