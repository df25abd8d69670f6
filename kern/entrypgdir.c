#include <inc/mmu.h>
#include <inc/memlayout.h>

// The page directory kern/entry.S turns paging on with: physical [0, 4 MiB)
// at virtual [0, 4 MiB), so that the instructions right after paging is
// turned on still run, and at [KERNBASE, KERNBASE + 4 MiB), where the
// kernel is linked. Each is a single 4 MiB page. mem_init() replaces it.
__attribute__((__aligned__(PGSIZE)))
pde_t entry_pgdir[NPDENTRIES] = {
	[0] = 0x0 | PTE_P | PTE_W | PTE_PS,
	[KERNBASE >> PDXSHIFT] = 0x0 | PTE_P | PTE_W | PTE_PS,
};
