// Physical memory and page tables: the page allocator, the kernel's page
// directory, and the functions every later subsystem maps memory with.

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/cmdline.h>
#include <kern/audit.h>

// All physical memory is mapped at KERNBASE, so the kernel can use at most
// the 256 MiB that fit between KERNBASE and the top of the address space.
#define MAXPAGES	((size_t) ((0x100000000ULL - KERNBASE) / PGSIZE))

size_t npages;			// pages of physical memory in use
static size_t npages_basemem;	// pages below 640 KiB

pde_t *kern_pgdir;		// the kernel's page directory
struct PageInfo *pages;		// one per physical page
static physaddr_t boot_end;	// end of what boot_alloc handed out

// The free list ends in this marker rather than NULL, so a page is free
// exactly when its pp_link is non-NULL: page_free can catch a double free.
static struct PageInfo free_list_end;
#define FREE_LIST_END (&free_list_end)
static struct PageInfo *page_free_list = FREE_LIST_END;
static size_t nfree;

union PtUse *pt_use;		// per physical page: the entries a table uses

static void check_page_free_list(void);
static void check_page_alloc(void);
static void check_page(void);
static void check_kern_pgdir(void);
static void check_page_installed_pgdir(void);
static void check_succeeded(const char *name);

// --------------------------------------------------------------
// Detecting memory
// --------------------------------------------------------------

static unsigned
nvram_read(int r)
{
	return mc146818_read(r) | (mc146818_read(r + 1) << 8);
}

// The BIOS leaves the memory sizes in the CMOS NVRAM.
static void
i386_detect_memory(void)
{
	size_t basemem = nvram_read(NVRAM_BASELO);		// KiB
	size_t extmem = nvram_read(NVRAM_EXTLO);		// KiB
	size_t ext16mem = nvram_read(NVRAM_EXT16LO) * 64;	// KiB
	size_t totalmem;

	if (ext16mem)
		totalmem = 16 * 1024 + ext16mem;
	else if (extmem)
		totalmem = 1 * 1024 + extmem;
	else
		totalmem = basemem;

	npages = totalmem / (PGSIZE / 1024);
	npages_basemem = basemem / (PGSIZE / 1024);

	cprintf("Physical memory: %uK available, base = %uK, extended = %uK\n",
		totalmem, basemem, totalmem - basemem);
	if (npages > MAXPAGES) {
		cprintf("Physical memory: only the first %uK are used: all memory must fit above KERNBASE\n",
			MAXPAGES * (PGSIZE / 1024));
		npages = MAXPAGES;
	}
}

// --------------------------------------------------------------
// Setting up the kernel's address space
// --------------------------------------------------------------

// Before the page allocator exists: hand out n bytes, page aligned, from
// right after the kernel image. Only the first 4 MiB are mapped yet.
static void *
boot_alloc(uint32_t n)
{
	static char *nextfree;
	extern char end[];
	char *result;

	if (!nextfree)
		nextfree = ROUNDUP((char *) end, PGSIZE);
	result = nextfree;
	nextfree = ROUNDUP(nextfree + n, PGSIZE);
	if ((uintptr_t) nextfree > KERNBASE + PTSIZE)
		panic("boot_alloc: %u bytes do not fit in the first 4 MiB", n);
	return result;
}

static bool
cpu_has_pse(void)
{
	uint32_t edx;
	cpuid(1, NULL, NULL, NULL, &edx);
	return edx & (1 << 3);
}

void
mem_init(void)
{
	i386_detect_memory();

	kern_pgdir = boot_alloc(PGSIZE);
	memset(kern_pgdir, 0, PGSIZE);

	// The page directory maps itself at UVPT, read-only to users, so that
	// uvpt[] shows every environment its own page tables.
	kern_pgdir[PDX(UVPT)] = PADDR(kern_pgdir) | PTE_U | PTE_P;

	// page_init() sets every field of pages[]: no need to zero it first.
	// The spill room after it is envs[0]'s (see env_vm86_spill).
	pages = boot_alloc(npages * sizeof(struct PageInfo) + sizeof(envs->env_vm86_spill));
	envs = boot_alloc(NENV * sizeof(struct Env));
	audit_refs = boot_alloc(npages * sizeof(uint32_t));
	pt_use = boot_alloc(npages * sizeof(union PtUse));
	memset(envs, 0, NENV * sizeof(struct Env));
	env_fpu = boot_alloc(NENV * sizeof(struct FpuState));
	assert((char *) envs >= (char *) (pages + npages) + sizeof(envs->env_vm86_spill));

	page_init();

	// Read-only views for users: pages[] at UPAGES, envs[] at UENVS.
	boot_map_region(kern_pgdir, UPAGES, ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE),
			PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS, ROUNDUP(NENV * sizeof(struct Env), PGSIZE),
			PADDR(envs), PTE_U);

	// The kernel stack; the KSTKGAP below it stays unmapped, so an
	// overflow faults instead of silently corrupting memory.
	boot_map_region(kern_pgdir, KSTACKTOP - KSTKSIZE, KSTKSIZE,
			PADDR(bootstack), PTE_W);

	// All physical memory at KERNBASE, with 4 MiB pages where the CPU
	// has them (one directory entry each, no page tables at all).
	boot_map_region(kern_pgdir, KERNBASE, npages * PGSIZE, 0,
			PTE_W | (cpu_has_pse() ? PTE_PS : 0));

	lcr3(PADDR(kern_pgdir));
	// The FPU works natively (no EM, no TS traps); its errors raise #MF.
	lcr0((rcr0() | CR0_PE | CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP) & ~(CR0_EM | CR0_TS));

	check_page_free_list();
	check_page_alloc();
	check_page();
	check_kern_pgdir();
	check_page_installed_pgdir();
}

// --------------------------------------------------------------
// The page allocator
// --------------------------------------------------------------

// Pages that were never free: page 0 (the BIOS's real-mode IDT and data),
// the I/O hole, and the kernel image with all that boot_alloc handed out.
static bool
pa_reserved_at_boot(physaddr_t pa)
{
	return pa == 0 || (pa >= IOPHYSMEM && pa < boot_end);
}

bool
page_reserved_at_boot(struct PageInfo *pp)
{
	return pa_reserved_at_boot(page2pa(pp));
}

void
page_init(void)
{
	size_t i;

	boot_end = PADDR(boot_alloc(0));
	assert(npages_basemem * PGSIZE <= IOPHYSMEM);

	// Built from the top down, so the list hands out low pages first:
	// those are mapped by entry_pgdir until mem_init switches to kern_pgdir.
	for (i = npages; i-- > 0; ) {
		if (pa_reserved_at_boot(i << PGSHIFT)) {
			pages[i].pp_ref = 1;	// the kernel's, for good
			pages[i].pp_link = NULL;
		} else {
			pages[i].pp_ref = 0;
			pages[i].pp_link = page_free_list;
			page_free_list = &pages[i];
			nfree++;
		}
	}
}

// Take a page off the free list, filled with zeroes if alloc_flags has
// ALLOC_ZERO. Its pp_ref stays 0: the caller counts the references it makes.
// Returns NULL when memory is exhausted.
struct PageInfo *
page_alloc(int alloc_flags)
{
	struct PageInfo *pp = page_free_list;

	if (pp == FREE_LIST_END)
		return NULL;
	page_free_list = pp->pp_link;
	pp->pp_link = NULL;
	nfree--;
	if (alloc_flags & ALLOC_ZERO)
		memset(page2kva(pp), 0, PGSIZE);
	return pp;
}

void
page_free(struct PageInfo *pp)
{
	if (pp->pp_ref != 0)
		panic("page_free: page %08x still has %u references", page2pa(pp), pp->pp_ref);
	if (pp->pp_link != NULL)
		panic("page_free: page %08x is already free (double free)", page2pa(pp));
	pp->pp_link = page_free_list;
	page_free_list = pp;
	nfree++;
}


size_t
page_free_count(void)
{
	return nfree;
}

bool
page_is_free(struct PageInfo *pp)
{
	return pp->pp_link != NULL;
}

// Walking the free list from outside: the first free page, the next one,
// NULL at the end.
struct PageInfo *
page_free_list_head(void)
{
	return page_free_list == FREE_LIST_END ? NULL : page_free_list;
}

struct PageInfo *
page_free_next(struct PageInfo *pp)
{
	return pp->pp_link == FREE_LIST_END ? NULL : pp->pp_link;
}

// --------------------------------------------------------------
// Page tables
// --------------------------------------------------------------

// The page table entry for va in pgdir. With create, a missing page table
// is allocated (zeroed). Returns NULL if there is none and create is false
// or memory is exhausted, and for va inside a 4 MiB page, which has no
// page table entry.
pte_t *
pgdir_walk(pde_t *pgdir, const void *va, int create)
{
	pde_t *pde = &pgdir[PDX(va)];
	struct PageInfo *pp;

	if (!(*pde & PTE_P)) {
		if (!create || !(pp = page_alloc(ALLOC_ZERO)))
			return NULL;
		pp->pp_ref++;
		pt_use_of(page2pa(pp))->span.lo = NPTENTRIES;
		pt_use_of(page2pa(pp))->span.hi = 0;
		pt_use_of(PADDR(pgdir))->groups |= PDE_GROUP(PDX(va));
		// The page table entries decide permissions; the directory
		// entry allows everything they allow.
		*pde = page2pa(pp) | PTE_P | PTE_W | PTE_U;
	} else if (*pde & PTE_PS)
		return NULL;
	return (pte_t *) KADDR(PTE_ADDR(*pde)) + PTX(va);
}

// A present entry is about to be written for va: widen its table's span.
static void
pt_span_add(pde_t *pgdir, const void *va)
{
	union PtUse *use = pt_use_of(PTE_ADDR(pgdir[PDX(va)]));

	use->span.lo = MIN(use->span.lo, PTX(va));
	use->span.hi = MAX(use->span.hi, PTX(va) + 1);
}

// Map [va, va+size) to [pa, pa+size) with permission perm|PTE_P, at boot,
// for memory that the page allocator does not manage. With PTE_PS in perm
// it uses 4 MiB pages. Sizes are multiples of the page size used.
void
boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm)
{
	size_t step = (perm & PTE_PS) ? PTSIZE : PGSIZE;
	size_t off;

	for (off = 0; off < size; off += step) {
		if (perm & PTE_PS) {
			pgdir[PDX(va + off)] = (pa + off) | perm | PTE_P;
			continue;
		}
		pte_t *pte = pgdir_walk(pgdir, (void *) (va + off), 1);
		if (!pte)
			panic("boot_map_region: out of memory for page tables");
		pt_span_add(pgdir, (void *) (va + off));
		*pte = (pa + off) | perm | PTE_P;
	}
}

// The page mapped at va, or NULL. If pte_store is not NULL, *pte_store
// gets the address of its page table entry.
struct PageInfo *
page_lookup(pde_t *pgdir, void *va, pte_t **pte_store)
{
	pte_t *pte = pgdir_walk(pgdir, va, 0);

	if (!pte || !(*pte & PTE_P))
		return NULL;
	if (pte_store)
		*pte_store = pte;
	return pa2page(PTE_ADDR(*pte));
}

// Unmap the page at va, if any, dropping its reference.
void
page_remove(pde_t *pgdir, void *va)
{
	pte_t *pte;
	struct PageInfo *pp = page_lookup(pgdir, va, &pte);

	if (!pp)
		return;
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
}

// Map pp at va with permission perm|PTE_P, replacing what was there.
// Returns 0, or -E_NO_MEM when a page table could not be allocated or pp
// has as many references as pp_ref can count.
int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	pte_t *pte = pgdir_walk(pgdir, va, 1);

	if (!pte || pp->pp_ref == PP_REF_MAX)
		return -E_NO_MEM;
	// Count the new reference before dropping the old one, so that
	// inserting a page where it already is does not free it.
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	pt_span_add(pgdir, va);
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
}

// Forget a cached translation, if pgdir is the one the CPU is using.
void
tlb_invalidate(pde_t *pgdir, void *va)
{
	if (rcr3() == PADDR(pgdir))
		invlpg(va);
}

// --------------------------------------------------------------
// User memory
// --------------------------------------------------------------

// A write to a copy-on-write page: give pgdir its own writable copy, or,
// when nobody else maps the page, make it writable where it is.
static int
cow_copy(pde_t *pgdir, uintptr_t va, pte_t *pte)
{
	struct PageInfo *old = pa2page(PTE_ADDR(*pte));
	struct PageInfo *copy;
	int perm = (*pte & PTE_SYSCALL & ~PTE_COW) | PTE_W;

	if (old->pp_ref == 1) {
		*pte = PTE_ADDR(*pte) | perm;
	} else {
		if (!(copy = page_alloc(0)))	// not zeroed: the copy fills it
			return -E_NO_MEM;
		memcpy(page2kva(copy), page2kva(old), PGSIZE);
		copy->pp_ref = 1;
		page_decref(old);
		*pte = page2pa(copy) | perm;
	}
	tlb_invalidate(pgdir, (void *) va);
	return 0;
}

// Do for a user access at va what a page fault there would do: copy a
// copy-on-write page about to be written, or grow the stack into a page
// not yet there. Returns 0 if the access can now proceed, -E_FAULT if
// neither applies, -E_NO_MEM if memory ran out.
int
page_resolve_user(pde_t *pgdir, uintptr_t va, bool write)
{
	pte_t *pte = pgdir_walk(pgdir, (void *) va, 0);
	struct PageInfo *pp;

	if (pte && (*pte & PTE_P)) {
		if (write && (*pte & (PTE_COW | PTE_U)) == (PTE_COW | PTE_U))
			return cow_copy(pgdir, va, pte);
		return -E_FAULT;
	}
	if (va < USTACKTOP - USTACKSIZE || va >= USTACKTOP)
		return -E_FAULT;
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	if (page_insert(pgdir, pp, (void *) ROUNDDOWN(va, PGSIZE), PTE_U | PTE_W) < 0) {
		page_free(pp);
		return -E_NO_MEM;
	}
	return 0;
}

// fork(): give dst (a fresh page directory) the user mappings of src.
// Writable pages become copy-on-write in both, PTE_SHARE pages stay shared
// writable, read-only pages are shared as they are. Page tables are copied,
// pages are not. The caller flushes src's TLB if src is loaded.
int
pgdir_fork(pde_t *dst, pde_t *src)
{
	uint32_t pdx, ptx;
	uint32_t groups = pt_use_of(PADDR(src))->groups;

	pt_use_of(PADDR(dst))->groups = groups;
	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(groups & PDE_GROUP(pdx))) {
			pdx |= 31;	// no page table in this group: skip it
			continue;
		}
		if (!(src[pdx] & PTE_P))
			continue;
		struct PageInfo *pt_page = page_alloc(0);  // written below
		if (!pt_page)
			return -E_NO_MEM;
		pt_page->pp_ref = 1;
		dst[pdx] = page2pa(pt_page) | PTE_P | PTE_W | PTE_U;

		// Only the span of entries the parent uses is copied.
		union PtUse use = *pt_use_of(PTE_ADDR(src[pdx]));
		*pt_use_of(PTE_ADDR(dst[pdx])) = use;
		pte_t *spt = KADDR(PTE_ADDR(src[pdx]));
		pte_t *dpt = page2kva(pt_page);
		memset(dpt, 0, PGSIZE);
		for (ptx = use.span.lo; ptx < use.span.hi; ptx++) {
			pte_t pte = spt[ptx];
			if (!(pte & PTE_P))
				continue;
			struct PageInfo *pp = &pages[PGNUM(pte)];
			if (pp->pp_ref == PP_REF_MAX)
				return -E_NO_MEM;
			if ((pte & (PTE_W | PTE_SHARE)) == PTE_W)
				spt[ptx] = pte = (pte & ~PTE_W) | PTE_COW;
			pp->pp_ref++;
			dpt[ptx] = pte;
		}
	}
	return 0;
}

static uintptr_t user_mem_check_addr;

// May env access [va, va+len) with permissions perm|PTE_P? Returns 0,
// -E_FAULT, or -E_NO_MEM when a copy-on-write or stack page found no
// memory, with the first address that failed in user_mem_check_addr.
// Copy-on-write and stack pages are resolved first, as a user access would.
int
user_mem_check(struct Env *env, const void *va, size_t len, int perm)
{
	uintptr_t start = (uintptr_t) va, end = start + len, p;
	pte_t *pte;
	int r = -E_FAULT;

	perm |= PTE_P;
	if (end < start) {
		user_mem_check_addr = start;
		return -E_FAULT;
	}
	for (p = ROUNDDOWN(start, PGSIZE); p < end; p += PGSIZE) {
		if (p >= ULIM)
			goto bad;
		pte = pgdir_walk(env->env_pgdir, (void *) p, 0);
		if (pte && (*pte & perm) == perm)
			continue;
		if ((r = page_resolve_user(env->env_pgdir, p, perm & PTE_W)) < 0)
			goto bad;
		r = -E_FAULT;
		pte = pgdir_walk(env->env_pgdir, (void *) p, 0);
		if (!pte || (*pte & perm) != perm)
			goto bad;
	}
	return 0;

bad:
	user_mem_check_addr = MAX(p, start);
	return r;
}

// Destroy env for touching bad user memory at va, with the line SPEC
// section 5 gives (no return if env is the current environment).
void
user_mem_fail(struct Env *env, uintptr_t va)
{
	cprintf("[%08x] user_mem_check assertion failure for va %08x\n", env->env_id, va);
	env_destroy(env);
}

// Like user_mem_check, but a bad range destroys env, and so does a good
// one that needed a page when none was free (saying so: the pointer was
// not at fault).
void
user_mem_assert(struct Env *env, const void *va, size_t len, int perm)
{
	int r = user_mem_check(env, va, len, perm | PTE_U);

	if (r == -E_NO_MEM) {
		cprintf("[%08x] out of memory for the page at va %08x\n",
			env->env_id, user_mem_check_addr);
		env_destroy(env);
	} else if (r < 0)
		user_mem_fail(env, user_mem_check_addr);
}

// --------------------------------------------------------------
// Boot-time self-checks. Each prints a line when it succeeds; a failure
// panics with the condition that did not hold.
// --------------------------------------------------------------

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

	for (pp = page_free_list; pp != FREE_LIST_END; pp = pp->pp_link) {
		assert(pp >= pages && pp < pages + npages);
		assert(pp->pp_ref == 0);
		assert(!pa_reserved_at_boot(page2pa(pp)));
		assert(++n <= npages);		// no cycle
	}
	assert(n == nfree && n > 0);
	assert(boot_end == PADDR(boot_alloc(0)));
	check_succeeded("check_page_free_list");
}

// Allocation, exhaustion, freeing and zeroing.
static void
check_page_alloc(void)
{
	struct PageInfo *pp0, *pp1, *pp2, *fl;
	size_t nfree_before = nfree;
	char *c;
	int i;

	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	assert(page2pa(pp0) < npages * PGSIZE && page2pa(pp2) < npages * PGSIZE);
	assert(!page_is_free(pp0) && nfree == nfree_before - 3);

	// With the free list emptied, allocation fails.
	fl = page_free_list;
	page_free_list = FREE_LIST_END;
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

	page_free_list = fl;
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	assert(nfree == nfree_before);
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
	size_t nfree_before = nfree;
	uintptr_t va;
	int i;

	// Work below UTOP in kern_pgdir, which maps nothing there.
	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)) && (pp2 = page_alloc(0)));
	fl = page_free_list;
	page_free_list = FREE_LIST_END;

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
	page_free_list = fl;
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	for (pp = page_free_list, i = 0; pp != FREE_LIST_END && i < 3; pp = pp->pp_link, i++)
		assert(pp->pp_ref == 0);
	assert(nfree == nfree_before);
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
	size_t nfree_before = nfree;

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
	assert(nfree == nfree_before);
	check_succeeded("check_page_installed_pgdir");
}
