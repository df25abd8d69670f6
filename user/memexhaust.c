// Memory exhaustion: allocate pages at consecutive addresses until the
// kernel says -E_NO_MEM, free them all, allocate again: the same count, so
// nothing was lost on the way. While memory is exhausted, calls that need
// a page fail cleanly (fork, exofork, page_map needing a page table), and
// children that need one for a copy-on-write fault or for stack growth
// die of it, taking nobody else with them.

#include <inc/lib.h>

#define REGION	0x10000000		// where the pages go
#define FLAGS	((volatile uint32_t *) 0x0E000000)	// shared with the children

enum { F_GO_COW, F_GO_STACK, F_COW_DONE, F_STACK_DONE, F_READY };

extern char etext[], end[];

static volatile uint32_t cow_target[PGSIZE / 4] __attribute__((aligned(PGSIZE)));
static int failures;

static void
fail(const char *what, int r)
{
	cprintf("memexhaust: FAILED: %s (%e)\n", what, r);
	failures++;
}

static bool
alloc_one(uint32_t i, const char *round)
{
	volatile uint32_t *p = (volatile uint32_t *) (REGION + i * PGSIZE);
	int r;

	if ((uintptr_t) p >= UTOP - 16 * PTSIZE)
		panic("memexhaust: more memory than address space?");
	if ((r = sys_page_alloc(0, (void *) p, PTE_P | PTE_U | PTE_W)) < 0) {
		if (r != -E_NO_MEM)
			fail("sys_page_alloc did not end in -E_NO_MEM", r);
		return false;
	}
	if (p[0] != 0 || p[PGSIZE / 8] != 0 || p[PGSIZE / 4 - 1] != 0) {
		cprintf("memexhaust: FAILED: page %u of %s round is not zeroed\n", i, round);
		failures++;
	}
	p[0] = p[PGSIZE / 8] = p[PGSIZE / 4 - 1] = 0xdeadbeef;
	return true;
}

// Pages 0 .. NSPARE-1 of REGION are kept for the end of a round: the last
// failure may be for want of a page table with one page still free, and a
// spare, whose page table exists, takes that page.
#define NSPARE	8
static uint32_t next_page, spares_used, npages;

// Allocate at REGION + next_page * PGSIZE and on, until the kernel runs
// out. Each page must come zeroed; a mark is left in it for the next
// round. Returns the pages held now.
static uint32_t
exhaust(const char *round)
{
	if (next_page < NSPARE)
		next_page = NSPARE;
	for (; alloc_one(next_page, round); next_page++)
		npages++;
	while (spares_used < NSPARE && alloc_one(spares_used, round)) {
		spares_used++;
		npages++;
	}
	if (spares_used == NSPARE)
		panic("memexhaust: out of spare pages");
	return npages;
}

static void
release(void)
{
	uint32_t i;
	int r;

	for (i = 0; i < next_page; i++)
		if ((r = sys_page_unmap(0, (void *) (REGION + i * PGSIZE))) < 0)
			fail("sys_page_unmap", r);
	next_page = spares_used = npages = 0;
}

// fork() made every writable page copy-on-write: write each one now, while
// there is memory for the copies.
static void
own_pages(void)
{
	uintptr_t va;

	for (va = ROUNDUP((uintptr_t) etext, PGSIZE); va < (uintptr_t) end; va += PGSIZE)
		if ((uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_COW))
			*(volatile char *) va = *(volatile char *) va;
}

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

static void
wait_gone(envid_t id)
{
	while (alive(id))
		sys_yield();
}

// Children for the last round: wait for the word, then need a page.
static int
grow(int n)
{
	volatile char buf[1024];

	buf[0] = n;
	return n ? grow(n - 1) + buf[0] : 0;
}

static envid_t
start_child(int what)
{
	envid_t id = fork();

	if (id < 0)
		panic("memexhaust: fork: %e", id);
	if (id)
		return id;
	FLAGS[F_READY]++;
	while (!FLAGS[what == F_COW_DONE ? F_GO_COW : F_GO_STACK])
		sys_yield();
	if (what == F_COW_DONE) {
		cow_target[0] = 1;		// a copy-on-write copy: no memory
		FLAGS[F_COW_DONE] = 1;
	} else {
		grow(64);			// 64 KiB of new stack: no memory
		FLAGS[F_STACK_DONE] = 1;
	}
	exit();
}

void
umain(int argc, char **argv)
{
	uint32_t n1, n2, n3, n4;
	envid_t id, cow_child, stack_child;
	int r;

	if ((r = sys_page_alloc(0, (void *) FLAGS, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("memexhaust: flag page: %e", r);
	cow_target[0] = 0;

	n1 = exhaust("the first");
	cprintf("memexhaust: first round: %u pages\n", n1);
	release();

	n2 = exhaust("the second");
	cprintf("memexhaust: second round: %u pages\n", n2);

	// Nothing that needs a page may succeed now, nor leak one.
	if ((id = sys_fork()) == 0)
		exit();		// cannot happen: there is no memory for it
	if (id >= 0 || (id != -E_NO_MEM && id != -E_NO_FREE_ENV))
		fail("sys_fork with no memory", id);
	if ((id = sys_exofork()) == 0)
		exit();
	if (id >= 0) {
		fail("sys_exofork with no memory", id);
		sys_env_destroy(id);
	}
	// A page table that does not exist yet.
	if ((r = sys_page_map(0, (void *) (REGION + NSPARE * PGSIZE), 0, (void *) (UTOP - 8 * PTSIZE), PTE_P | PTE_U)) != -E_NO_MEM)
		fail("sys_page_map needing a page table", r);
	release();

	// Children that will need a page when there is none: they die, the
	// rest goes on.
	cow_child = start_child(F_COW_DONE);
	stack_child = start_child(F_STACK_DONE);
	while (FLAGS[F_READY] < 2)
		sys_yield();
	own_pages();
	exhaust("the third");
	FLAGS[F_GO_COW] = 1;
	wait_gone(cow_child);
	// Its death gave pages back: take them too.
	exhaust("the third");
	FLAGS[F_GO_STACK] = 1;
	wait_gone(stack_child);
	n3 = exhaust("the third");
	if (FLAGS[F_COW_DONE])
		fail("a copy-on-write write succeeded with no memory", 0);
	if (FLAGS[F_STACK_DONE])
		fail("the stack grew with no memory", 0);
	release();
	cprintf("memexhaust: third round, two children died for lack of memory: %u pages\n", n3);

	// Everything is back: the same count again.
	n4 = exhaust("the fourth");
	release();
	cprintf("memexhaust: fourth round: %u pages\n", n4);
	if (n2 != n1 || n4 != n1)
		fail("the counts differ", 0);
	if (n1 == 0)
		fail("no page at all", 0);
	if (failures == 0)
		cprintf("memexhaust: ok\n");
	else
		cprintf("memexhaust: %d failures\n", failures);
}
