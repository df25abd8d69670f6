// Swapping: when no page is free, the kernel writes a user page to the
// swap disk (kern/disk.c) and reads it back on the next fault there.
//
// Page tables and directories never go out. So that they cannot fill all
// memory and leave no room to bring user pages back, a new address space
// (fork) swaps user pages out for its own only while the environments'
// share is at most half of memory (too_many_spaces); past that, fork takes
// free pages only, and fails with -E_NO_MEM when there are none.
//
// A page is either in memory, with every mapping of it present, or on the
// disk, with every mapping of it replaced by a not-present entry marked
// PTE_SWAPPED that holds the slot number in the address bits and the
// permissions the mapping had (PTE_SWAP_KEEP). Page-out replaces all the
// mappings of a page at once, and page-in restores all of them at once:
// a page shared by several mappings (copy-on-write after fork, PTE_SHARE,
// IPC) comes back as one page, and a slot is never a stale copy of a page
// in memory. slot_ref[s] counts the entries that name slot s; the slot is
// free when it is 0. fork copies such entries, unmap and exit drop them.
//
// Finding every mapping: a page mapped once (pp_ref 1) has only the entry
// the clock found. Shared pages and slots are looked for first at the same
// address in every environment (fork keeps addresses), then, if some are
// still missing, in all page tables.
//
// Victims: a clock (second chance) over the user entries of every
// environment, in the order of envs[] and of addresses. An entry with
// PTE_A set was used since the hand last passed: the hand clears the bit
// and goes on; the first entry found clear is the victim. Never taken:
// page tables and directories (they are not user entries), PTE_SHARE pages
// (descriptor tables: the user library finds them through uvpt), any page
// the file server maps (its block cache reads PTE_P and PTE_D in uvpt),
// pages mapped more than SWAP_MAXMAPS times (the text every child of a
// fork bomb runs: costly to unmap everywhere, and back at once), and
// pinned pages: the page a user fault is being resolved at, the user range
// a system call is checking, and the page being mapped while a page table
// is allocated for it.

#include <inc/x86.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/trap.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/cmdline.h>
#include <kern/disk.h>
#include <kern/swap.h>

uint32_t swap_nslots;
static uint16_t *slot_ref;		// entries naming each slot
static uint32_t *slot_seen;		// the audit's count of them
static uint32_t slot_hint;		// where to look for a free slot
static uint32_t swap_inuse, swap_written, swap_read;

static pde_t *pin_pgdir;		// a user range that must stay
static uintptr_t pin_lo, pin_hi;
static struct PageInfo *pin_page;	// a page that must stay

static uint32_t hand_env;		// the clock hand: envs[] index
static uintptr_t hand_va;		// and address in it

// With memory and swap both full, a page can still come back: it is read
// into the spare page, its slot is then free, and a victim goes to that
// slot, its page becoming the next spare. Taken when memory first runs
// out, given back when the system is idle; pp_ref 1 meanwhile.
static struct PageInfo *spare;

// At boot, with the `swap` option: find the swap disk and take room for
// the slot counts from boot_alloc (`alloc`).
void
swap_boot(void *(*alloc)(uint32_t))
{
	uint32_t sects;

	if (!cmdline.swap)
		return;
	if ((sects = swapdisk_probe()) < SWAP_SECTS) {
		cprintf("swap: no disk 2 (QEMU -drive index=2): no swapping\n");
		return;
	}
	swap_nslots = MIN(sects / SWAP_SECTS, SWAP_MAXSLOTS);
	slot_ref = alloc(swap_nslots * sizeof(uint16_t));
	slot_seen = alloc(swap_nslots * sizeof(uint32_t));
	memset(slot_ref, 0, swap_nslots * sizeof(uint16_t));
	cprintf("swap: %u pages (%uK) on disk 2\n", swap_nslots, swap_nslots * (PGSIZE / 1024));
}

static int
slot_alloc(void)
{
	uint32_t i, s;

	for (i = 0; i < swap_nslots; i++) {
		s = (slot_hint + i) % swap_nslots;
		if (slot_ref[s] == 0) {
			slot_hint = s + 1;
			return s;
		}
	}
	return -1;
}

static void
slot_unref(uint32_t s)
{
	if (s >= swap_nslots || slot_ref[s] == 0)
		panic("swap: slot %u is not in use", s);
	if (--slot_ref[s] == 0)
		swap_inuse--;
}

// fork copies a swapped-out entry. Returns 0, or -E_NO_MEM when the slot
// has as many references as its count holds.
int
swap_dup(pte_t pte)
{
	if (slot_ref[PTE_SLOT(pte)] == PP_REF_MAX)
		return -E_NO_MEM;
	slot_ref[PTE_SLOT(pte)]++;
	return 0;
}

// A swapped-out entry is unmapped, replaced or freed with its table.
void
swap_drop(pte_t pte)
{
	slot_unref(PTE_SLOT(pte));
}



// A system call checks user memory [lo, hi) of pgdir and reads it after:
// none of it may go out meanwhile. NULL unpins.
void
swap_pin_range(pde_t *pgdir, uintptr_t lo, uintptr_t hi)
{
	pin_pgdir = pgdir;
	pin_lo = ROUNDDOWN(lo, PGSIZE);
	pin_hi = hi;
}

void
swap_pin_page(struct PageInfo *pp)
{
	pin_page = pp;
}

static bool
pinned(pde_t *pgdir, uintptr_t va, struct PageInfo *pp)
{
	if (pp == pin_page || (pgdir == pin_pgdir && va >= pin_lo && va < pin_hi))
		return true;
	// A user page fault being resolved: a copy-on-write copy reads the
	// page that is there.
	return curenv && pgdir == curenv->env_pgdir &&
		curenv->env_tf.tf_trapno == T_PGFLT && va == ROUNDDOWN(rcr2(), PGSIZE);
}

// --------------------------------------------------------------
// Walking the user entries of environments
// --------------------------------------------------------------

// fn(e, va, pte, arg) for an entry; nonzero stops the walk.
typedef int (*pte_fn)(struct Env *e, uintptr_t va, pte_t *pte, void *arg);

static bool
has_space(struct Env *e)
{
	return e->env_status != ENV_FREE && e->env_pgdir;
}

// Each nonzero entry of pgdir (e's, or NULL) from `from` up to UTOP,
// visiting only the page tables and spans in use (union PtUse in
// kern/pmap.h).
static int
walk_pgdir(pde_t *pgdir, struct Env *e, uintptr_t from, pte_fn fn, void *arg)
{
	uint32_t groups = pt_use_of(PADDR(pgdir))->groups;
	uint32_t pdx, ptx;
	int r;

	for (pdx = PDX(from); pdx < PDX(UTOP); pdx++) {
		if (!(groups & PDE_GROUP(pdx))) {
			pdx |= 31;	// no page table in this group
			continue;
		}
		if (!(pgdir[pdx] & PTE_P))
			continue;
		pte_t *pt = KADDR(PTE_ADDR(pgdir[pdx]));
		union PtUse use = *pt_use_of(PTE_ADDR(pgdir[pdx]));
		ptx = use.span.lo;
		if (pdx == PDX(from))
			ptx = MAX(ptx, PTX(from));
		for (; ptx < use.span.hi; ptx++)
			if (pt[ptx] && (r = fn(e, (uintptr_t) PGADDR(pdx, ptx, 0), &pt[ptx], arg)))
				return r;
	}
	return 0;
}

static int
walk_env(struct Env *e, uintptr_t from, pte_fn fn, void *arg)
{
	return walk_pgdir(e->env_pgdir, e, from, fn, arg);
}

static int
drop_one(struct Env *e, uintptr_t va, pte_t *pte, void *arg)
{
	if (!(*pte & PTE_P)) {
		swap_drop(*pte);
		*pte = 0;
	}
	return 0;
}

// An address space is freed: every swapped-out entry of it goes.
void
swap_drop_all(pde_t *pgdir)
{
	walk_pgdir(pgdir, NULL, 0, drop_one, NULL);
}

// Every environment's entries; or, with only_va, only those at va.
static int
walk_envs(bool only_va, uintptr_t va, pte_fn fn, void *arg)
{
	uint32_t i;
	pte_t *pte;
	int r;

	for (i = 0; i < env_hiwater; i++) {
		struct Env *e = &envs[i];
		if (!has_space(e))
			continue;
		if (!only_va)
			r = walk_env(e, 0, fn, arg);
		else if ((pte = pgdir_walk(e->env_pgdir, (void *) va, 0)) && *pte)
			r = fn(e, va, pte, arg);
		else
			r = 0;
		if (r)
			return r;
	}
	return 0;
}

// --------------------------------------------------------------
// Page-out
// --------------------------------------------------------------

struct victim {
	struct PageInfo *pp;
	uint32_t n;		// mappings found, or left to replace
	uint32_t slot;
	bool stays;		// a mapping that must stay was found
};

// Could the user entry pte of e at va go to the swap disk?
static bool
may_go(struct Env *e, uintptr_t va, pte_t pte)
{
	return (pte & (PTE_P | PTE_U | PTE_SHARE)) == (PTE_P | PTE_U) &&
		pa2page(PTE_ADDR(pte))->pp_ref <= SWAP_MAXMAPS &&
		e->env_type != ENV_TYPE_FS &&
		!pinned(e->env_pgdir, va, pa2page(PTE_ADDR(pte)));
}

static bool
maps(pte_t pte, struct PageInfo *pp)
{
	return (pte & PTE_P) && PTE_ADDR(pte) == page2pa(pp);
}

static int
victim_count(struct Env *e, uintptr_t va, pte_t *pte, void *arg)
{
	struct victim *v = arg;

	if (!maps(*pte, v->pp))
		return 0;
	if (!may_go(e, va, *pte)) {
		v->stays = true;
		return 1;
	}
	return ++v->n == v->pp->pp_ref;
}

// Replace one mapping of v->pp by its swapped-out entry.
static int
victim_unmap(struct Env *e, uintptr_t va, pte_t *pte, void *arg)
{
	struct victim *v = arg;

	if (!maps(*pte, v->pp))
		return 0;
	*pte = (v->slot << PTXSHIFT) | (*pte & PTE_SWAP_KEEP) | PTE_SWAPPED;
	tlb_invalidate(e->env_pgdir, (void *) va);
	slot_ref[v->slot]++;
	page_decref(v->pp);	// the last one frees it
	return --v->n == 0;
}

// Does every mapping of v->pp, at va or anywhere, agree to go?
static bool
victim_ok(struct victim *v, bool only_va, uintptr_t va)
{
	v->n = 0;
	v->stays = false;
	walk_envs(only_va, va, victim_count, v);
	return !v->stays && v->n == v->pp->pp_ref;
}

// Swap out the page mapped at va in e, with every other mapping of it.
// Returns 0, 1 if it must stay, or -E_NO_MEM if no slot is free.
static int
evict(struct Env *e, uintptr_t va, pte_t *pte)
{
	struct victim v = { .pp = pa2page(PTE_ADDR(*pte)) };
	bool only_va = true;
	int slot;

	if (v.pp->pp_ref > 1 && !victim_ok(&v, true, va)) {
		if (v.stays || !victim_ok(&v, false, va))
			return 1;
		only_va = false;
	}
	if ((slot = slot_alloc()) < 0)
		return -E_NO_MEM;
	if (swapdisk_rw(slot * SWAP_SECTS, page2kva(v.pp), SWAP_SECTS, true) < 0) {
		cprintf("swap: the disk failed writing slot %u\n", slot);
		return -E_NO_MEM;
	}
	swap_written++;
	swap_inuse++;
	v.slot = slot;
	v.n = v.pp->pp_ref;
	if (v.n == 1)
		victim_unmap(e, va, pte, &v);
	else
		walk_envs(only_va, va, victim_unmap, &v);
	return 0;
}

// The clock's look at one entry: a second chance if it was used, else
// the victim. Stops the walk with *result set once a page is out, or
// when no slot is free.
static int
clock_visit(struct Env *e, uintptr_t va, pte_t *pte, void *arg)
{
	int *result = arg;

	if (!may_go(e, va, *pte))
		return 0;
	hand_va = va + PGSIZE;
	if (*pte & PTE_A) {
		*pte &= ~PTE_A;
		tlb_invalidate(e->env_pgdir, (void *) va);
		return 0;
	}
	if ((*result = evict(e, va, pte)) == 1)
		return 0;
	return 1;
}

// Free one page by swapping a victim out. Two turns of the hand over every
// environment: the first may only clear accessed bits. Returns 0 or
// -E_NO_MEM.
static int
swap_out_one(void)
{
	uint32_t turns;
	int r = -E_NO_MEM;

	for (turns = 0; turns < 2 * env_hiwater + 1; turns++) {
		if (hand_env >= env_hiwater) {
			hand_env = 0;
			hand_va = 0;
		}
		struct Env *e = &envs[hand_env];
		if (has_space(e) && e->env_type != ENV_TYPE_FS &&
		    walk_env(e, hand_va, clock_visit, &r))
			return r;
		hand_env++;
		hand_va = 0;
	}
	return -E_NO_MEM;
}

// Swap a page out for the spare, if there is none.
static void
spare_take(void)
{
	if (!spare && swap_out_one() == 0) {
		spare = page_alloc(0);
		spare->pp_ref = 1;
	}
}

// Are there so many environments that the page tables and directories of
// one more could leave too little memory to swap user pages in and out?
// Each holds at least SWAP_ENV_PAGES of them, which never go out.
static bool
too_many_spaces(void)
{
	uint32_t i, n = 0;

	for (i = 0; i < env_hiwater; i++)
		n += envs[i].env_status != ENV_FREE;
	return n * SWAP_ENV_PAGES > npages / 2;
}

// page_alloc found no free page: make one, if swapping is on.
struct PageInfo *
swap_alloc_page(int alloc_flags)
{
	if ((alloc_flags & ALLOC_NEWSPACE) && too_many_spaces())
		return NULL;
	spare_take();
	if (swap_out_one() < 0)
		return NULL;
	return page_alloc(alloc_flags);
}

// --------------------------------------------------------------
// Page-in
// --------------------------------------------------------------

struct swapin {
	uint32_t slot;
	struct PageInfo *pp;
};

static void
pte_swap_in(pte_t *pte, struct PageInfo *pp)
{
	slot_unref(PTE_SLOT(*pte));
	pp->pp_ref++;
	// Accessed: a page just read back is not the next victim.
	*pte = page2pa(pp) | (*pte & PTE_SWAP_KEEP) | PTE_A | PTE_P;
}

static int
slot_map(struct Env *e, uintptr_t va, pte_t *pte, void *arg)
{
	struct swapin *si = arg;

	if ((*pte & (PTE_P | PTE_SWAPPED)) != PTE_SWAPPED || PTE_SLOT(*pte) != si->slot)
		return 0;
	pte_swap_in(pte, si->pp);
	return slot_ref[si->slot] == 0;
}

// The entry pte of pgdir at va is swapped out: read the page back and
// map it at every entry naming its slot, which is then free. Returns 0,
// or -E_NO_MEM when no page could be had.
int
swap_in(pde_t *pgdir, uintptr_t va, pte_t *pte)
{
	struct swapin si = { PTE_SLOT(*pte), NULL };

	// The clock changes present entries only: *pte stays as it is.
	if (!(si.pp = page_alloc(0))) {	// not zeroed: the disk fills it
		if (!spare)
			return -E_NO_MEM;
		si.pp = spare;
		spare = NULL;
		si.pp->pp_ref = 0;
	}
	if (swapdisk_rw(si.slot * SWAP_SECTS, page2kva(si.pp), SWAP_SECTS, false) < 0) {
		cprintf("swap: the disk failed reading slot %u\n", si.slot);
		page_free(si.pp);
		return -E_NO_MEM;
	}
	swap_read++;
	pte_swap_in(pte, si.pp);
	if (slot_ref[si.slot] > 0)
		walk_envs(true, va, slot_map, &si);
	if (slot_ref[si.slot] > 0)
		walk_envs(false, va, slot_map, &si);
	spare_take();
	return 0;
}

// --------------------------------------------------------------
// Accounting
// --------------------------------------------------------------

// The idle line and meminfo's: nothing without swapping.
void
swap_print(void)
{
	if (swap_nslots)
		cprintf("swap: %u pages in use, %u written, %u read\n",
			swap_inuse, swap_written, swap_read);
}

// The system is idle: the spare goes back, so that the free pages then
// are those at boot.
void
swap_idle(void)
{
	if (spare) {
		spare->pp_ref = 0;
		page_free(spare);
		spare = NULL;
	}
}

static int audit_problems;

static void
audit_problem(const char *fmt, uint32_t a, uint32_t b, uint32_t c)
{
	if (audit_problems++ < 10)
		cprintf(fmt, a, b, c);
}

// The spare is a page swapping holds: one reference.
void
swap_audit_begin(uint32_t *refs)
{
	audit_problems = 0;
	if (swap_nslots)
		memset(slot_seen, 0, swap_nslots * sizeof(uint32_t));
	if (spare)
		refs[PGNUM(page2pa(spare))]++;
}

// A user entry that is not present but not zero either.
void
swap_audit_count(pte_t pte, uintptr_t va)
{
	if (!(pte & PTE_SWAPPED) || PTE_SLOT(pte) >= swap_nslots)
		audit_problem("page audit: va %08x has entry %08x, neither a page nor a swap slot\n",
			      va, pte, 0);
	else
		slot_seen[PTE_SLOT(pte)]++;
}

// Each slot's count must equal the entries naming it; no slot is in use
// that nothing names. Returns the number of problems.
int
swap_audit_end(void)
{
	uint32_t s, inuse = 0;

	for (s = 0; s < swap_nslots; s++) {
		if (slot_seen[s] != slot_ref[s])
			audit_problem("page audit: swap slot %u has count %u but %u entries\n",
				      s, slot_ref[s], slot_seen[s]);
		inuse += slot_ref[s] != 0;
	}
	if (inuse != swap_inuse)
		audit_problem("page audit: %u swap slots in use, %u counted in use\n",
			      inuse, swap_inuse, 0);
	return audit_problems;
}
