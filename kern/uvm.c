// User memory: what a user access does to a page that is not ready for it
// (a page read back from the swap disk, a copy-on-write copy, a stack page
// grown on demand), fork's sharing of an address space and exit's freeing
// of it, and the checks of pointers users hand the kernel.

#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/swap.h>

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

// Not present but not empty: the page is on the swap disk. Read it back,
// then copy it if it is copy-on-write and about to be written.
static int __attribute__((noinline))
swap_resolve(pde_t *pgdir, uintptr_t va, pte_t *pte, bool write)
{
	int r;

	if ((r = swap_in(pgdir, va, pte)) < 0)
		return r;
	// Through page_resolve_user, the one caller of cow_copy (inlined).
	if (write && (*pte & PTE_COW))
		return page_resolve_user(pgdir, va, write);
	return 0;
}

// Do for a user access at va what a page fault there would do: read a
// page back from the swap disk (then go on as for a present page), copy a
// copy-on-write page about to be written, or grow the stack into a page
// not yet there. Returns 0 if the access can now proceed, -E_FAULT if
// none applies, -E_NO_MEM if memory ran out.
int
page_resolve_user(pde_t *pgdir, uintptr_t va, bool write)
{
	pte_t *pte = pgdir_walk(pgdir, (void *) va, 0);
	struct PageInfo *pp;

	if (pte && *pte) {
		if (!(*pte & PTE_P))
			return swap_resolve(pgdir, va, pte, write);
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

// fork() of the entries on the swap disk, after the present ones (a pass
// of its own, so that fork without swapping costs what it did): the child
// names the same slot, and the page is copy-on-write in both as if it were
// present. An entry the child has already is one that went out during the
// fork, with the child's copy.
static int
pgdir_fork_swapped(pde_t *dst, pde_t *src)
{
	uint32_t pdx, ptx;

	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(src[pdx] & PTE_P))
			continue;
		pte_t *spt = KADDR(PTE_ADDR(src[pdx]));
		pte_t *dpt = KADDR(PTE_ADDR(dst[pdx]));
		union PtUse use = *pt_use_of(PTE_ADDR(src[pdx]));
		for (ptx = use.span.lo; ptx < use.span.hi; ptx++) {
			if (!spt[ptx] || (spt[ptx] & PTE_P) || dpt[ptx])
				continue;
			if (swap_dup(spt[ptx]) < 0)
				return -E_NO_MEM;
			if ((spt[ptx] & (PTE_W | PTE_SHARE)) == PTE_W)
				spt[ptx] = (spt[ptx] & ~PTE_W) | PTE_COW;
			dpt[ptx] = spt[ptx];
		}
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
		struct PageInfo *pt_page = page_alloc(ALLOC_NEWSPACE);  // written below
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
	return swap_nslots ? pgdir_fork_swapped(dst, src) : 0;
}

// Unmap every user page, free the page tables and the page directory.
// Pages on the swap disk lose their slots' references first.
// Page tables are walked directly, only where entries are in use
// (union PtUse in kern/pmap.h): the whole directory goes, so there is
// no need to clear entries one by one or to invalidate the TLB per page.
void
env_free_address_space(struct Env *e)
{
	pde_t *pgdir = e->env_pgdir;
	uint32_t groups = pt_use_of(PADDR(pgdir))->groups;
	uint32_t pdx, ptx;

	if (swap_nslots)
		swap_drop_all(pgdir);
	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(groups & PDE_GROUP(pdx))) {
			pdx |= 31;	// no page table in this group: skip it
			continue;
		}
		if (!(pgdir[pdx] & PTE_P))
			continue;
		pte_t *pt = KADDR(PTE_ADDR(pgdir[pdx]));
		union PtUse use = *pt_use_of(PTE_ADDR(pgdir[pdx]));
		for (ptx = use.span.lo; ptx < use.span.hi; ptx++)
			if (pt[ptx] & PTE_P)
				page_decref(pa2page(PTE_ADDR(pt[ptx])));
		page_decref(pa2page(PTE_ADDR(pgdir[pdx])));
	}
	e->env_pgdir = NULL;
	page_decref(pa2page(PADDR(pgdir)));
}

static uintptr_t user_mem_check_addr;

// page_resolve_user for the page at va of [start, end), none of which may
// go to the swap disk meanwhile.
static int __attribute__((noinline))
resolve_pinned(pde_t *pgdir, uintptr_t va, uintptr_t start, uintptr_t end, bool write)
{
	int r;

	swap_pin_range(pgdir, start, end);
	r = page_resolve_user(pgdir, va, write);
	swap_pin_range(NULL, 0, 0);
	return r;
}

// May env access [va, va+len) with permissions perm|PTE_P? Returns 0,
// -E_FAULT, or -E_NO_MEM when a copy-on-write or stack page found no
// memory, with the first address that failed in user_mem_check_addr.
// Swapped-out, copy-on-write and stack pages are resolved first, as a user
// access would; the range is pinned meanwhile (kern/swap.c), so that
// bringing in one page of it sends no other page of it out.
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
		if ((r = resolve_pinned(env->env_pgdir, p, start, end, perm & PTE_W)) < 0)
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
