// The page audit: recount, from the page tables, every reference to every
// physical page, and compare with pp_ref; check that the free list holds
// each free page exactly once, and that each swap slot's count is the
// number of entries naming it (kern/swap.c). A run that lost or leaked memory, or
// corrupted a reference count, fails it.

#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/audit.h>
#include <kern/swap.h>

uint32_t *audit_refs;

// Marks a page seen on the free list: more than any pp_ref can be.
#define ON_FREE_LIST	0xFFFFFFFF

static int problems;

static void
problem(const char *fmt, physaddr_t pa, unsigned a, unsigned b)
{
	if (problems++ < 20)
		cprintf(fmt, pa, a, b);
}

// Count one reference to the page at pa.
static void
count_ref(physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		problem("page audit: a mapping points outside memory, at %08x\n", pa, 0, 0);
	else
		audit_refs[PGNUM(pa)]++;
}

// The page tables of pgdir below `limit` and the pages they map.
static void
count_pgdir(pde_t *pgdir, uint32_t pdx_limit, bool pages_too)
{
	uint32_t pdx, ptx;

	for (pdx = 0; pdx < pdx_limit; pdx++) {
		if (!(pgdir[pdx] & PTE_P) || (pgdir[pdx] & PTE_PS) || pdx == PDX(UVPT))
			continue;
		count_ref(PTE_ADDR(pgdir[pdx]));
		if (!pages_too)
			continue;
		// fork and exit would miss a table or an entry not recorded
		// as in use (union PtUse in kern/pmap.h).
		if (!(pt_use_of(PADDR(pgdir))->groups & PDE_GROUP(pdx)))
			problem("page audit: the page table for va %08x is not in its directory's mask %x\n",
				(physaddr_t) PGADDR(pdx, 0, 0), pt_use_of(PADDR(pgdir))->groups, 0);
		pte_t *pt = KADDR(PTE_ADDR(pgdir[pdx]));
		union PtUse use = *pt_use_of(PTE_ADDR(pgdir[pdx]));
		for (ptx = 0; ptx < NPTENTRIES; ptx++) {
			if (!(pt[ptx] & PTE_P)) {
				if (pt[ptx] && pages_too)
					swap_audit_count(pt[ptx], (uintptr_t) PGADDR(pdx, ptx, 0));
				continue;
			}
			count_ref(PTE_ADDR(pt[ptx]));
			if (ptx < use.span.lo || ptx >= use.span.hi)
				problem("page audit: va %08x is mapped outside its page table's span [%u, %u)\n",
					(physaddr_t) PGADDR(pdx, ptx, 0), use.span.lo, use.span.hi);
		}
	}
}

// Returns the number of problems found; prints them, and a summary line
// when verbose or when something is wrong.
int
audit_pages(bool verbose)
{
	struct PageInfo *pp;
	size_t i, nfree = 0, nused = 0;

	problems = 0;
	memset(audit_refs, 0, npages * sizeof(uint32_t));
	swap_audit_begin(audit_refs);

	// What the kernel holds: boot-time memory and its own page tables,
	// which every environment shares above UTOP.
	for (i = 0; i < npages; i++)
		if (page_reserved_at_boot(&pages[i]))
			audit_refs[i]++;
	count_pgdir(kern_pgdir, NPDENTRIES, false);

	// What each environment holds: its page directory, its page tables
	// and the pages they map below UTOP.
	for (i = 0; i < NENV; i++) {
		if (envs[i].env_status == ENV_FREE)
			continue;
		count_ref(PADDR(envs[i].env_pgdir));
		count_pgdir(envs[i].env_pgdir, PDX(UTOP), true);
	}

	for (i = 0; i < npages; i++)
		if (audit_refs[i] != pages[i].pp_ref)
			problem("page audit: page %08x has pp_ref %u but %u references\n",
				i * PGSIZE, pages[i].pp_ref, audit_refs[i]);

	for (pp = page_free_list_head(); pp; pp = page_free_next(pp)) {
		if (pp < pages || pp >= pages + npages) {
			problem("page audit: the free list points outside pages[] (%08x)\n",
				(physaddr_t) pp, 0, 0);
			break;
		}
		if (++nfree > npages) {
			problem("page audit: the free list has a cycle\n", 0, 0, 0);
			break;
		}
		i = pp - pages;
		if (audit_refs[i] == ON_FREE_LIST)
			problem("page audit: page %08x is on the free list twice\n", i * PGSIZE, 0, 0);
		else if (pages[i].pp_ref != 0)
			problem("page audit: page %08x is on the free list with pp_ref %u\n",
				i * PGSIZE, pages[i].pp_ref, 0);
		audit_refs[i] = ON_FREE_LIST;
	}
	if (nfree != page_free_count())
		problem("page audit: %u pages on the free list, %u counted free\n",
			nfree, page_free_count(), 0);

	for (i = 0; i < npages; i++) {
		if (audit_refs[i] == ON_FREE_LIST)
			continue;
		if (pages[i].pp_ref == 0)
			problem("page audit: page %08x has no references and is not free: leaked\n",
				i * PGSIZE, 0, 0);
		else
			nused++;
	}

	problems += swap_audit_end();
	if (problems)
		cprintf("page audit: %d problems\n", problems);
	else if (verbose)
		cprintf("page audit: OK: %u pages in use, %u free, every reference accounted for\n",
			nused, nfree);
	return problems;
}
