// The boot-time self-checks of the page allocator and the page tables.
// Each prints a line when it succeeds (unless the kernel option `quiet`);
// a failure panics with the condition that did not hold.

#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/cmdline.h>

static void
check_succeeded(const char *name)
{
	if (!cmdline.quiet)
		cprintf("%s() succeeded!\n", name);
}

// Every free page is real, free memory (not page 0, the I/O hole, the
// kernel or boot-time allocations), and counted once.
static void
check_page_free_list(void)
{
	struct PageInfo *pp;
	size_t n = 0;

	for (pp = page_free_list_head(); pp; pp = page_free_next(pp)) {
		assert(pp >= pages && pp < pages + npages);
		assert(pp->pp_ref == 0);
		assert(!page_reserved_at_boot(pp));
		assert(++n <= npages);		// no cycle
	}
	assert(n == page_free_count() && n > 0);
	check_succeeded("check_page_free_list");
}

// Allocation, exhaustion, freeing and zeroing.
static void
check_page_alloc(void)
{
	struct PageInfo *pp0, *pp1, *pp2, *fl;
	size_t nfree_before = page_free_count();
	char *c;
	int i;

	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	assert(page2pa(pp0) < npages * PGSIZE && page2pa(pp2) < npages * PGSIZE);
	assert(!page_is_free(pp0) && page_free_count() == nfree_before - 3);

	// With the free list emptied, allocation fails.
	fl = page_free_list_hide();
	assert(page_alloc(0) == NULL);

	// Freed pages come back.
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	assert(page_is_free(pp0) && page_is_free(pp1) && page_is_free(pp2));
	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	assert(page_alloc(0) == NULL);

	// ALLOC_ZERO zeroes what was there.
	memset(page2kva(pp0), 0xAB, PGSIZE);
	page_free(pp0);
	assert(page_alloc(ALLOC_ZERO) == pp0);
	for (c = page2kva(pp0), i = 0; i < PGSIZE; i++)
		assert(c[i] == 0);

	page_free_list_restore(fl);
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	assert(page_free_count() == nfree_before);
	check_succeeded("check_page_alloc");
}

// The physical address va maps to in pgdir, or ~0 (used by the checks).
static physaddr_t
check_va2pa(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	pte_t *pt;

	if (!(pde & PTE_P))
		return ~0;
	if (pde & PTE_PS)
		return PTE_ADDR(pde) + (va & (PTSIZE - 1) & ~(PGSIZE - 1));
	pt = (pte_t *) KADDR(PTE_ADDR(pde));
	if (!(pt[PTX(va)] & PTE_P))
		return ~0;
	return PTE_ADDR(pt[PTX(va)]);
}

// page_insert, page_remove, page_lookup and pgdir_walk, corner cases first.
static void
check_page(void)
{
	struct PageInfo *pp, *pp0, *pp1, *pp2, *fl;
	pte_t *ptep, *ptep1;
	size_t nfree_before = page_free_count();
	uintptr_t va;
	int i;

	// Work below UTOP in kern_pgdir, which maps nothing there.
	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	fl = page_free_list_hide();

	// Nothing is mapped; with no free page for a page table, insert fails.
	assert(page_lookup(kern_pgdir, (void *) 0x0, &ptep) == NULL);
	assert(page_insert(kern_pgdir, pp1, 0x0, PTE_W) == -E_NO_MEM);
	assert(pp1->pp_ref == 0);

	// Freeing pp0 lets insert allocate it as the page table.
	page_free(pp0);
	assert(page_insert(kern_pgdir, pp1, 0x0, PTE_W) == 0);
	assert(PTE_ADDR(kern_pgdir[0]) == page2pa(pp0));
	assert(check_va2pa(kern_pgdir, 0x0) == page2pa(pp1));
	assert(pp1->pp_ref == 1 && pp0->pp_ref == 1);

	// A second page in the same table needs no allocation.
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp2));
	assert(pp2->pp_ref == 1);
	assert(page_alloc(0) == NULL);

	// Re-inserting the same page at the same address keeps it.
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp2));
	assert(pp2->pp_ref == 1 && !page_is_free(pp2));
	assert(page_alloc(0) == NULL);

	// pgdir_walk finds the entry page_insert wrote, with its permissions.
	ptep = (pte_t *) KADDR(PTE_ADDR(kern_pgdir[PDX(PGSIZE)]));
	assert(pgdir_walk(kern_pgdir, (void *) PGSIZE, 0) == ptep + PTX(PGSIZE));
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W | PTE_U) == 0);
	assert(*pgdir_walk(kern_pgdir, (void *) PGSIZE, 0) & PTE_U);
	assert(kern_pgdir[0] & PTE_U);
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W) == 0);
	assert(!(*pgdir_walk(kern_pgdir, (void *) PGSIZE, 0) & PTE_U));

	// A new page table is needed at PTSIZE, and there is no memory.
	assert(page_insert(kern_pgdir, pp0, (void *) PTSIZE, PTE_W) == -E_NO_MEM);

	// Mapping pp1 over pp2 frees pp2.
	assert(page_insert(kern_pgdir, pp1, (void *) PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, 0) == page2pa(pp1));
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp1));
	assert(pp1->pp_ref == 2 && pp2->pp_ref == 0 && page_is_free(pp2));
	assert(page_alloc(0) == pp2);

	// Removing: references drop; the last removal frees; removing an
	// unmapped address changes nothing.
	page_remove(kern_pgdir, 0x0);
	assert(check_va2pa(kern_pgdir, 0x0) == ~0);
	assert(pp1->pp_ref == 1);
	page_remove(kern_pgdir, (void *) PGSIZE);
	assert(check_va2pa(kern_pgdir, PGSIZE) == ~0);
	assert(pp1->pp_ref == 0 && page_is_free(pp1));
	page_remove(kern_pgdir, (void *) (2 * PGSIZE));
	page_remove(kern_pgdir, (void *) (7 * PTSIZE));
	assert(pp0->pp_ref == 1 && pp1->pp_ref == 0);
	assert(page_alloc(0) == pp1);
	assert(page_alloc(0) == NULL);

	// page_lookup returns the entry's address.
	assert(page_insert(kern_pgdir, pp1, (void *) PGSIZE, 0) == 0);
	assert(page_lookup(kern_pgdir, (void *) (PGSIZE + 123), &ptep1) == pp1);
	assert(ptep1 == ptep + PTX(PGSIZE));
	page_remove(kern_pgdir, (void *) PGSIZE);
	assert(pp1->pp_ref == 0 && page_is_free(pp1));
	assert(page_alloc(0) == pp1);

	// A freed page table comes back zeroed from pgdir_walk.
	kern_pgdir[0] = 0;
	pp0->pp_ref = 0;
	memset(page2kva(pp0), 0xFF, PGSIZE);
	page_free(pp0);
	va = PTSIZE * 3 + PGSIZE * 5;
	ptep = pgdir_walk(kern_pgdir, (void *) va, 1);
	assert(ptep && PTE_ADDR(kern_pgdir[PDX(va)]) == page2pa(pp0));
	assert(ptep == (pte_t *) page2kva(pp0) + PTX(va));
	for (ptep = page2kva(pp0), i = 0; i < NPTENTRIES; i++)
		assert(ptep[i] == 0);
	kern_pgdir[PDX(va)] = 0;
	pp0->pp_ref = 0;

	// Hand everything back.
	page_free_list_restore(fl);
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	for (pp = page_free_list_head(), i = 0; pp && i < 3; pp = page_free_next(pp), i++)
		assert(pp->pp_ref == 0);
	assert(page_free_count() == nfree_before);
	check_succeeded("check_page");
}

// Every mapping of kern_pgdir, entry by entry.
static void
check_kern_pgdir(void)
{
	uint32_t i, n;
	pde_t *pgdir = kern_pgdir;

	// pages[] and envs[], read-only to users.
	n = ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE);
	for (i = 0; i < n; i += PGSIZE)
		assert(check_va2pa(pgdir, UPAGES + i) == PADDR(pages) + i);
	n = ROUNDUP(NENV * sizeof(struct Env), PGSIZE);
	for (i = 0; i < n; i += PGSIZE)
		assert(check_va2pa(pgdir, UENVS + i) == PADDR(envs) + i);
	assert(!(*pgdir_walk(pgdir, (void *) UENVS, 0) & PTE_W));
	assert(*pgdir_walk(pgdir, (void *) UENVS, 0) & PTE_U);

	// Physical memory at KERNBASE: one check per directory entry for
	// 4 MiB pages, per page otherwise.
	for (i = 0; i < npages * PGSIZE; i += (pgdir[PDX(KERNBASE + i)] & PTE_PS) ? PTSIZE : PGSIZE)
		assert(check_va2pa(pgdir, KERNBASE + i) == i);

	// The kernel stack, and the gap below it.
	for (i = 0; i < KSTKSIZE; i += PGSIZE)
		assert(check_va2pa(pgdir, KSTACKTOP - KSTKSIZE + i) == PADDR(bootstack) + i);
	for (i = 0; i < KSTKGAP; i += PGSIZE)
		assert(check_va2pa(pgdir, KSTACKTOP - KSTKSIZE - KSTKGAP + i) == ~0);

	// Directory entries: exactly the expected ones are present.
	for (i = 0; i < NPDENTRIES; i++) {
		uintptr_t va = i << PDXSHIFT;
		if (i == PDX(UVPT)) {
			assert(pgdir[i] == (PADDR(pgdir) | PTE_U | PTE_P));
		} else if (i == PDX(UPAGES) || i == PDX(UENVS) || i == PDX(KSTACKTOP - 1)) {
			assert(pgdir[i] & PTE_P);
		} else if (va >= KERNBASE) {
			if (i < PDX(KERNBASE + npages * PGSIZE - 1) + 1)
				assert((pgdir[i] & (PTE_P | PTE_W)) == (PTE_P | PTE_W));
			else
				assert(pgdir[i] == 0);
		} else
			assert(pgdir[i] == 0);
	}
	check_succeeded("check_kern_pgdir");
}

// With kern_pgdir loaded: writes through a fresh mapping reach the page.
static void
check_page_installed_pgdir(void)
{
	struct PageInfo *pp0, *pp1, *pp2;
	size_t nfree_before = page_free_count();

	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	page_free(pp0);
	memset(page2kva(pp1), 1, PGSIZE);
	memset(page2kva(pp2), 2, PGSIZE);
	assert(page_insert(kern_pgdir, pp1, (void *) PGSIZE, PTE_W) == 0);
	assert(pp1->pp_ref == 1);
	assert(*(uint32_t *) PGSIZE == 0x01010101U);
	assert(page_insert(kern_pgdir, pp2, (void *) PGSIZE, PTE_W) == 0);
	assert(*(uint32_t *) PGSIZE == 0x02020202U);
	assert(pp2->pp_ref == 1 && pp1->pp_ref == 0 && page_is_free(pp1));
	*(uint32_t *) PGSIZE = 0x03030303U;
	assert(*(uint32_t *) page2kva(pp2) == 0x03030303U);
	page_remove(kern_pgdir, (void *) PGSIZE);
	assert(pp2->pp_ref == 0 && page_is_free(pp2));

	// The page table it used goes back too.
	pp0 = pa2page(PTE_ADDR(kern_pgdir[0]));
	kern_pgdir[0] = 0;
	pp0->pp_ref = 0;
	page_free(pp0);
	tlbflush();
	assert(page_free_count() == nfree_before);
	check_succeeded("check_page_installed_pgdir");
}

void
pmap_check(void)
{
	check_page_free_list();
	check_page_alloc();
	check_page();
	check_kern_pgdir();
	check_page_installed_pgdir();
}
