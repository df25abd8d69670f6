#include <inc/mmu.h>
#include <inc/memlayout.h>

// The page directory kern/entry.S turns paging on with: physical
// [0, BOOTMAPSIZE) at virtual [0, BOOTMAPSIZE), so that the instructions
// right after paging is turned on still run, and at [KERNBASE, KERNBASE +
// BOOTMAPSIZE), where the kernel is linked; in 4 MiB pages. mem_init()
// replaces it.
#define BOOTPDE(i)	((i) * PTSIZE | PTE_P | PTE_W | PTE_PS)
#define KERNPDX		(KERNBASE >> PDXSHIFT)

__attribute__((__aligned__(PGSIZE)))
pde_t entry_pgdir[NPDENTRIES] = {
	[0] = BOOTPDE(0), BOOTPDE(1), BOOTPDE(2), BOOTPDE(3),
	[KERNPDX] = BOOTPDE(0), BOOTPDE(1), BOOTPDE(2), BOOTPDE(3),
};

// BOOTMAPSIZE says how many entries each half above has.
_Static_assert(BOOTMAPSIZE == 4 * PTSIZE, "entry_pgdir maps BOOTMAPSIZE");
