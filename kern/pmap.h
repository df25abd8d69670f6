#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/assert.h>

struct Env;

extern char bootstacktop[], bootstack[];

extern struct PageInfo *pages;
extern size_t npages;

extern pde_t *kern_pgdir;
extern uint8_t *percpu_kstacks;
extern int percpu_nkstacks;


// The kernel's virtual address of physical address pa, through the mapping
// of all physical memory at KERNBASE; and back.
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)

static inline physaddr_t
_paddr(const char *file, int line, void *kva)
{
	if ((uint32_t) kva < KERNBASE)
		_panic(file, line, "PADDR called with invalid kva %08lx", (unsigned long) kva);
	return (physaddr_t) kva - KERNBASE;
}

#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)

static inline void *
_kaddr(const char *file, int line, physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		_panic(file, line, "KADDR called with invalid pa %08lx", (unsigned long) pa);
	return (void *) (pa + KERNBASE);
}


// pp_ref is 16 bits: a mapping that would overflow it fails with -E_NO_MEM.
#define PP_REF_MAX	0xFFFF

enum {
	// page_alloc: fill the page with zeroes.
	ALLOC_ZERO = 1 << 0,
	// A page directory or table of a new address space (fork): with no
	// page free, a user page goes to the swap disk for it only while
	// environments are few (kern/swap.c).
	ALLOC_NEWSPACE = 1 << 1,
};

void	mem_init(void);
void	mem_init_percpu(void);

void	page_init(void);
struct PageInfo *page_alloc(int alloc_flags);
void	page_free(struct PageInfo *pp);
size_t	page_free_count(void);
bool	page_reserved_at_boot(struct PageInfo *pp);
bool	page_is_free(struct PageInfo *pp);
struct PageInfo *page_free_list_head(void);
struct PageInfo *page_free_next(struct PageInfo *pp);
struct PageInfo *page_free_list_hide(void);
void	page_free_list_restore(struct PageInfo *hidden);
void	pmap_check(void);			// kern/pmap_check.c

pte_t	*pgdir_walk(pde_t *pgdir, const void *va, int create);
void	boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm);
int	page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
void	page_remove(pde_t *pgdir, void *va);
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
void	tlb_invalidate(pde_t *pgdir, void *va);
void	*mmio_map_region(physaddr_t pa, size_t size);

// kern/uvm.c: user memory.
int	pgdir_fork(pde_t *dst, pde_t *src);
int	page_resolve_user(pde_t *pgdir, uintptr_t va, bool write);
int	user_mem_check(struct Env *env, const void *va, size_t len, int perm);
void	user_mem_assert(struct Env *env, const void *va, size_t len, int perm);
void	user_mem_fail(struct Env *env, uintptr_t va);

/*
 * fork() and exit visit only the entries in use, not all 1024 of every
 * table. For each page holding a page table or a page directory, the
 * kernel records where entries may be present:
 *  - a page table: the span [lo, hi); its entries outside it are zero;
 *  - a page directory: a mask of groups of 32 entries (bit i: entries
 *    32i..32i+31), set when a page table is added in the group.
 * Both only grow while the page is in use. Indexed by physical page number.
 */
union PtUse {
	struct { uint16_t lo, hi; } span;	// of a page table
	uint32_t groups;			// of a page directory
};
extern union PtUse *pt_use;

#define PDE_GROUP(pdx)	(1U << ((pdx) / 32))

// What is recorded for the table or directory at physical address pa.
static inline union PtUse *
pt_use_of(physaddr_t pa)
{
	return &pt_use[PGNUM(pa)];
}

static inline physaddr_t
page2pa(struct PageInfo *pp)
{
	return (pp - pages) << PGSHIFT;
}

static inline struct PageInfo *
pa2page(physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		panic("pa2page called with invalid pa %08x", pa);
	return &pages[PGNUM(pa)];
}

static inline void *
page2kva(struct PageInfo *pp)
{
	return KADDR(page2pa(pp));
}

// Drop a reference; the last one frees the page. Inline: exit calls it
// for every page of the environment.
static inline void
page_decref(struct PageInfo *pp)
{
	if (pp->pp_ref == 0)
		panic("page_decref: page %08x has no references", page2pa(pp));
	if (--pp->pp_ref == 0)
		page_free(pp);
}

#endif /* !JOS_KERN_PMAP_H */
