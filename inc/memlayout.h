#ifndef JOS_INC_MEMLAYOUT_H
#define JOS_INC_MEMLAYOUT_H

#ifndef __ASSEMBLER__
#include <inc/types.h>
#include <inc/mmu.h>
#endif /* not __ASSEMBLER__ */

/*
 * The virtual address space every environment sees. Above ULIM is the
 * kernel's; between UTOP and ULIM the kernel shows user programs some of
 * its structures read-only; below UTOP belongs to the program.
 *
 *  4 GiB -------------> +------------------------------+
 *                       |  all physical memory         | RW/--
 *  KERNBASE, ---------> +------------------------------+ 0xf0000000
 *  KSTACKTOP            |  kernel stack (KSTKSIZE)     | RW/--
 *                       |  - - - - - - - - - - - - - - |
 *                       |  guard gap (KSTKGAP)         | --/--
 *                       +------------------------------+
 *                       |  ...                         |
 *  MMIOLIM -----------> +------------------------------+ 0xefc00000
 *                       |  memory-mapped I/O           | RW/--
 *  ULIM, MMIOBASE ----> +------------------------------+ 0xef800000
 *                       |  current page table (UVPT)   | R-/R-
 *  UVPT --------------> +------------------------------+ 0xef400000
 *                       |  pages[] (UPAGES)            | R-/R-
 *  UPAGES ------------> +------------------------------+ 0xef000000
 *                       |  envs[] (UENVS)              | R-/R-
 *  UTOP, UENVS, ------> +------------------------------+ 0xeec00000
 *  UXSTACKTOP           |  user exception stack        | RW/RW
 *                       +------------------------------+ 0xeebff000
 *                       |  empty page                  | --/--
 *  USTACKTOP ---------> +------------------------------+ 0xeebfe000
 *                       |  user stack, grown on demand | RW/RW
 *                       |  up to USTACKSIZE (1 MiB)    |
 *                       |  then one guard page         | --/--
 *                       +------------------------------+
 *                       |  ...                         |
 *  UTEXT -------------> +------------------------------+ 0x00800000
 *  PFTEMP ------------> |  scratch page for user code  |
 *  UTEMP -------------> +------------------------------+ 0x00400000
 *                       |  empty                       |
 *  UMMAPMIN ----------> +------------------------------+ 0x00110000
 *                       |  never mapped                | --/--
 *  0 -----------------> +------------------------------+
 */

// Segment selectors in the GDT (kern/env.c).
#define GD_KT	0x08	// kernel text
#define GD_KD	0x10	// kernel data
#define GD_UT	0x18	// user text
#define GD_UD	0x20	// user data
#define GD_TSS0	0x28	// task state segment of CPU 0

// All physical memory is mapped at KERNBASE.
#define KERNBASE	0xF0000000

// How much of physical memory kern/entrypgdir.c maps, at 0 and at
// KERNBASE, until mem_init loads kern_pgdir: the kernel image (every user
// program is embedded in it) and what boot_alloc hands out must fit.
#define BOOTMAPSIZE	(4 * PTSIZE)

// The PC's physical memory below 1 MiB: the I/O hole and the start of
// extended memory.
#define IOPHYSMEM	0x0A0000
#define EXTPHYSMEM	0x100000

// The kernel stack, with an unmapped guard gap below it to catch overflow.
#define KSTACKTOP	KERNBASE
#define KSTKSIZE	(8*PGSIZE)
#define KSTKGAP		(8*PGSIZE)

#define MMIOLIM		(KSTACKTOP - PTSIZE)
#define MMIOBASE	(MMIOLIM - PTSIZE)

#define ULIM		(MMIOBASE)

// Read-only mappings the kernel gives every environment.
#define UVPT		(ULIM - PTSIZE)
#define UPAGES		(UVPT - PTSIZE)
#define UENVS		(UPAGES - PTSIZE)

// The top of memory a user program may map for itself.
#define UTOP		UENVS
#define UXSTACKTOP	UTOP
#define USTACKTOP	(UTOP - 2*PGSIZE)
#define USTACKSIZE	(256*PGSIZE)	// how far the stack may grow: 1 MiB

#define UTEXT		(2*PTSIZE)
#define UTEMP		((void*) PTSIZE)
#define PFTEMP		(UTEMP + PTSIZE - PGSIZE)

// The lowest address a user page may be mapped at: every call that maps
// (sys_page_alloc, sys_page_map, an IPC page, an ELF segment) refuses
// [0, UMMAPMIN) with -E_INVAL, like Linux's mmap_min_addr. A null pointer
// always faults, and so does the first instruction of virtual-8086 code,
// which QEMU lets user code enter with iret (with interrupts off, too):
// vm86 code reaches only the first 1 MiB + 64 KiB.
#define UMMAPMIN	0x00110000

#ifndef __ASSEMBLER__

typedef uint32_t pte_t;
typedef uint32_t pde_t;

#if JOS_USER
/*
 * The page directory maps itself at UVPT, so the page tables of the running
 * environment appear as one array: uvpt[PGNUM(va)] is the entry for va,
 * and uvpd[PDX(va)] is its directory entry. Defined in lib/entry.S.
 */
extern volatile pte_t uvpt[];
extern volatile pde_t uvpd[];
#endif

/*
 * One per physical page, in pages[], mapped read-only to users at UPAGES.
 * A page's physical address follows from its index (kern/pmap.h page2pa).
 */
struct PageInfo {
	// Next page on the free list.
	struct PageInfo *pp_link;

	// Mappings of this page (page table entries pointing at it) plus
	// its uses by the kernel. A free page has pp_ref 0.
	uint16_t pp_ref;
};

#endif /* !__ASSEMBLER__ */
#endif /* !JOS_INC_MEMLAYOUT_H */
