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
#include <kern/audit.h>
#include <kern/cpu.h>
#include <kern/cmdline.h>
#include <kern/swap.h>

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
uint8_t *percpu_kstacks;	// CPU i's kernel stack at [i*KSTKSIZE, +KSTKSIZE), i >= 1
int percpu_nkstacks;		// how many: CPUs 1..percpu_nkstacks have one


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
// right after the kernel image. Only the first BOOTMAPSIZE bytes of
// physical memory are mapped yet (kern/entrypgdir.c).
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
	if ((uintptr_t) nextfree > KERNBASE + BOOTMAPSIZE)
		panic("boot_alloc: %u bytes do not fit in the first %u MiB", n, BOOTMAPSIZE >> 20);
	if (PADDR(nextfree) > npages * PGSIZE)
		panic("boot_alloc: %u bytes do not fit in %u KiB of memory", n, npages * (PGSIZE / 1024));
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
	int i;

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
	swap_boot(boot_alloc);
	// CPU 0 has bootstack; the kernel stacks of the others QEMU says it
	// has, as many as fit in what entry_pgdir maps (kern/mpentry.S runs on them
	// before it loads kern_pgdir). boot_aps starts only CPUs with one.
	percpu_nkstacks = MIN(fwcfg_ncpus(), NCPU) - 1;
	percpu_nkstacks = MIN(percpu_nkstacks,
			      (int) (((KERNBASE + BOOTMAPSIZE) - (uintptr_t) boot_alloc(0)) / KSTKSIZE));
	percpu_kstacks = (uint8_t *) boot_alloc(percpu_nkstacks * KSTKSIZE) - KSTKSIZE;

	page_init();

	// Read-only views for users: pages[] at UPAGES, envs[] at UENVS.
	boot_map_region(kern_pgdir, UPAGES, ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE),
			PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS, ROUNDUP(NENV * sizeof(struct Env), PGSIZE),
			PADDR(envs), PTE_U);

	// The kernel stack of each CPU; the KSTKGAP below each stays
	// unmapped, so an overflow faults instead of silently corrupting
	// memory.
	boot_map_region(kern_pgdir, KSTACKTOP_CPU(0) - KSTKSIZE, KSTKSIZE,
			PADDR(bootstack), PTE_W);
	for (i = 1; i <= percpu_nkstacks; i++)
		boot_map_region(kern_pgdir, KSTACKTOP_CPU(i) - KSTKSIZE, KSTKSIZE,
				PADDR(percpu_kstacks + i * KSTKSIZE), PTE_W);

	// All physical memory at KERNBASE, with 4 MiB pages where the CPU
	// has them (one directory entry each, no page tables at all).
	boot_map_region(kern_pgdir, KERNBASE, npages * PGSIZE, 0,
			PTE_W | (cpu_has_pse() ? PTE_PS : 0));

	mem_init_percpu();

	pmap_check();	// kern/pmap_check.c
}

// Switch this CPU to kern_pgdir, with the control bits the kernel wants.
void
mem_init_percpu(void)
{
	lcr3(PADDR(kern_pgdir));
	// The FPU works natively (no EM, no TS traps); its errors raise #MF.
	lcr0((rcr0() | CR0_PE | CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP) & ~(CR0_EM | CR0_TS));
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
// With the list empty, a user page goes to the swap disk if swapping is on
// (kern/swap.c). Returns NULL when memory is exhausted.
struct PageInfo *
page_alloc(int alloc_flags)
{
	struct PageInfo *pp = page_free_list;

	if (pp == FREE_LIST_END)
		return swap_nslots ? swap_alloc_page(alloc_flags) : NULL;
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

// For the self-checks, which must see page_alloc fail: take the free list
// away, and give it back when every page freed meanwhile is allocated again.
struct PageInfo *
page_free_list_hide(void)
{
	struct PageInfo *hidden = page_free_list;

	page_free_list = FREE_LIST_END;
	return hidden;
}

void
page_free_list_restore(struct PageInfo *hidden)
{
	assert(page_free_list == FREE_LIST_END);
	page_free_list = hidden;
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

// A swapped-out entry goes: its slot loses a reference.
static void
pte_drop_swapped(pte_t *pte)
{
	swap_drop(*pte);
	*pte = 0;
}

// Unmap the page at va, if any, dropping its reference (or its swap
// slot's, if it is on the swap disk).
void
page_remove(pde_t *pgdir, void *va)
{
	pte_t *pte = pgdir_walk(pgdir, va, 0);
	struct PageInfo *pp;

	if (!pte || !(*pte & PTE_P)) {
		if (pte && *pte)
			pte_drop_swapped(pte);
		return;
	}
	pp = pa2page(PTE_ADDR(*pte));
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
}

// page_insert needs a page table: pp, which may be mapped elsewhere
// already, must not go to the swap disk to make room for it.
static pte_t *
page_table_add(pde_t *pgdir, void *va, struct PageInfo *pp)
{
	pte_t *pte;

	swap_pin_page(pp);
	pte = pgdir_walk(pgdir, va, 1);
	swap_pin_page(NULL);
	return pte;
}

// Map pp at va with permission perm|PTE_P, replacing what was there.
// Returns 0, or -E_NO_MEM when a page table could not be allocated or pp
// has as many references as pp_ref can count.
int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	pte_t *pte = pgdir_walk(pgdir, va, 0);

	if (!pte)
		pte = page_table_add(pgdir, va, pp);
	if (!pte || pp->pp_ref == PP_REF_MAX)
		return -E_NO_MEM;
	// Count the new reference before dropping the old one, so that
	// inserting a page where it already is does not free it.
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	else if (*pte)
		pte_drop_swapped(pte);
	pt_span_add(pgdir, va);
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
}

// Map size bytes of device memory at physical address pa into the next
// free part of [MMIOBASE, MMIOLIM), uncached, and return its address.
// Runs at boot, before any environment copies the kernel's page tables.
void *
mmio_map_region(physaddr_t pa, size_t size)
{
	static uintptr_t base = MMIOBASE;
	uintptr_t va = base;

	size = ROUNDUP(size + PGOFF(pa), PGSIZE);
	if (base + size > MMIOLIM)
		panic("mmio_map_region: %u bytes do not fit below MMIOLIM", size);
	boot_map_region(kern_pgdir, va, size, ROUNDDOWN(pa, PGSIZE),
			PTE_W | PTE_PCD | PTE_PWT);
	base += size;
	return (void *) (va + PGOFF(pa));
}

// Forget a cached translation of va in pgdir: here if this CPU uses
// pgdir, else on the CPU that does, if any (kern/mp.c tlb_shootdown).
void
tlb_invalidate(pde_t *pgdir, void *va)
{
	if (rcr3() == PADDR(pgdir))
		invlpg(va);
	else if (ncpu > 1)
		tlb_shootdown(pgdir);
}
