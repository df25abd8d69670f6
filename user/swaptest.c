// Swapping, seen from a program (run with SWAP= and a small MEM=):
//   sweep MB   write MB MiB, a page at a time, then check every word of
//              every page
//   fork MB    write MB MiB, fork, and each side rewrites its own half
//              (copy-on-write) and checks all of it: its own writes, and
//              the other side's half as it was before the fork
//   ipc        a page sent by IPC and by sys_page_map while on the swap
//              disk arrives with its contents, shared by both sides
//   full       allocate until -E_NO_MEM: that is memory and swap together
//   bench      for make bench: a sweep of 40 MiB (write, then read back),
//              and the fault that swaps one page in and one out, timed
//              with rdtsc (instructions under QEMU -icount shift=0)
// The pages are counted as swapped out through uvpt (PTE_SWAPPED).

#include <inc/lib.h>

#define REGION	0x10000000	// where the pages go
#define MAXMB	256

static int failures;

static uint32_t *
page(uint32_t i)
{
	return (uint32_t *) (REGION + i * PGSIZE);
}

// The word w of page i holds this after writing with `seed`.
static uint32_t
pattern(uint32_t i, uint32_t w, uint32_t seed)
{
	return (i << 12 | w) * 2654435761U ^ seed;
}

static void
fill(uint32_t i, uint32_t seed)
{
	uint32_t *p = page(i), w;

	for (w = 0; w < PGSIZE / 4; w++)
		p[w] = pattern(i, w, seed);
}

// Every word of page i as fill(i, seed) left it? Says which word is not.
static bool
check(const char *who, uint32_t i, uint32_t seed)
{
	uint32_t *p = page(i), w;

	for (w = 0; w < PGSIZE / 4; w++)
		if (p[w] != pattern(i, w, seed)) {
			if (failures++ < 5)
				cprintf("swaptest: %s: FAILED: page %u word %u is %08x, want %08x\n",
					who, i, w, p[w], pattern(i, w, seed));
			return false;
		}
	return true;
}

static bool
swapped(uint32_t i)
{
	uintptr_t va = (uintptr_t) page(i);

	return (uvpd[PDX(va)] & PTE_P) && !(uvpt[PGNUM(va)] & PTE_P) &&
		(uvpt[PGNUM(va)] & PTE_SWAPPED);
}

static uint32_t
count_swapped(uint32_t n)
{
	uint32_t i, k = 0;

	for (i = 0; i < n; i++)
		k += swapped(i);
	return k;
}

// Allocate n pages and fill each at once, while it is still in memory.
static void
alloc_fill(uint32_t n, uint32_t seed)
{
	uint32_t i;
	int r;

	for (i = 0; i < n; i++) {
		if ((r = sys_page_alloc(0, page(i), PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc page %u: %e", i, r);
		fill(i, seed);
	}
}

static uint32_t
mb_arg(int argc, char **argv)
{
	uint32_t mb = argc > 2 ? strtol(argv[2], NULL, 0) : 48;

	if (mb == 0 || mb > MAXMB)
		panic("swaptest: MB from 1 to %u", MAXMB);
	return mb;
}

static void
sweep(uint32_t mb)
{
	uint32_t n = mb * 256, i, ok = 0;

	alloc_fill(n, 0x5ca1ab1e);
	cprintf("swaptest: wrote %u pages (%u MiB), %u of them on the swap disk now\n",
		n, mb, count_swapped(n));
	for (i = 0; i < n; i++)
		ok += check("sweep", i, 0x5ca1ab1e);
	cprintf("swaptest: sweep: %u of %u pages read back intact\n", ok, n);
}

// Both sides of a fork: rewrite the pages i % 2 == side, check them all.
static void
fork_side(const char *who, uint32_t n, uint32_t side)
{
	uint32_t i, ok = 0, seed = side ? 0xc0ffee : 0xbadcafe;

	for (i = side; i < n; i += 2)
		fill(i, seed);
	for (i = 0; i < n; i++)
		ok += check(who, i, i % 2 == side ? seed : 0x5ca1ab1e);
	cprintf("swaptest: %s: %u of %u pages as they should be\n", who, ok, n);
}

static void
forktest(uint32_t mb)
{
	uint32_t n = mb * 256, i;
	envid_t child;
	int r;

	alloc_fill(n, 0x5ca1ab1e);
	cprintf("swaptest: wrote %u pages, %u on the swap disk; forking\n", n, count_swapped(n));
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	fork_side(child ? "parent" : "child", n, child ? 0 : 1);
	if (child == 0)
		exit_status(failures ? 1 : 0);
	if ((r = wait(child)) != 0) {
		cprintf("swaptest: FAILED: the child ended with %d\n", r);
		failures++;
	}
}

#define IPC_PAGE	(REGION - 2 * PGSIZE)
#define IPC_RECV	(REGION - 4 * PGSIZE)
#define MAP_RECV	(REGION - 6 * PGSIZE)

static void
ipctest(void)
{
	uint32_t *p = (uint32_t *) IPC_PAGE, n = 0;
	envid_t child, from;
	int perm, r;

	if ((r = sys_page_alloc(0, p, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	p[0] = 0xfeedface;
	p[PGSIZE / 4 - 1] = 0x600dd00d;
	// Use memory until the page goes out (the clock takes it at last).
	while (uvpt[PGNUM(IPC_PAGE)] & PTE_P) {
		if (n == MAXMB * 256)
			panic("swaptest: the page never went to the swap disk");
		if ((r = sys_page_alloc(0, page(n), PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		*page(n) = n;
		n++;
	}
	cprintf("swaptest: ipc: the page is on the swap disk after %u more pages\n", n);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		uint32_t *q = (uint32_t *) IPC_RECV;
		ipc_recv(&from, q, &perm);
		cprintf("swaptest: ipc: child got %08x %08x, perm %s\n", q[0], q[PGSIZE / 4 - 1],
			(perm & PTE_W) ? "writable" : "read-only");
		q[1] = 0x12345678;	// for the parent to see: one page
		exit();
	}
	if (!swapped(((uintptr_t) p - REGION) / PGSIZE))
		cprintf("swaptest: FAILED: the page came back before the send\n");
	// Send it while it is still on the disk; the send brings it back.
	ipc_send(child, 0, p, PTE_P | PTE_U | PTE_W);
	wait(child);
	cprintf("swaptest: ipc: parent sees the child's write: %s\n",
		p[1] == 0x12345678 ? "yes" : "no, FAILED");
	// sys_page_map of a page on the disk: the page there, shared.
	while (uvpt[PGNUM(IPC_PAGE)] & PTE_P) {
		if ((r = sys_page_alloc(0, page(n), PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		*page(n) = n;
		n++;
	}
	if ((r = sys_page_map(0, p, 0, (void *) MAP_RECV, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_map: %e", r);
	((uint32_t *) MAP_RECV)[2] = 0xabcdef01;
	cprintf("swaptest: ipc: sys_page_map of a swapped page: %08x, shared: %s\n",
		((uint32_t *) MAP_RECV)[0], p[2] == 0xabcdef01 ? "yes" : "no, FAILED");
}

// Memory and swap both full: the allocation fails. Giving back the last
// pages makes room for this program's own pages to come back.
static void
fulltest(void)
{
	uint32_t n, i;
	int r;

	for (n = 0; n < MAXMB * 256; n++) {
		if ((r = sys_page_alloc(0, page(n), PTE_P | PTE_U | PTE_W)) < 0)
			break;
		*page(n) = n;
	}
	for (i = n > 256 ? n - 256 : 0; i < n; i++)
		sys_page_unmap(0, page(i));
	cprintf("swaptest: full: %u pages (%u MiB), then %e\n", n, n / 256, r);
	for (i = 0; i + 256 < n; i++)
		if (*page(i) != i && failures++ < 5)
			cprintf("swaptest: full: FAILED: page %u reads %u\n", i, *page(i));
	cprintf("swaptest: full: the first %u pages read back\n", n > 256 ? n - 256 : 0);
}

static uint64_t
tsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return (uint64_t) hi << 32 | lo;
}

#define NSAMPLES	101

static void
benchmode(void)
{
	uint32_t n = 40 * 256, i, k = 0, j, samples[NSAMPLES], t;
	uint64_t t0 = tsc();

	alloc_fill(n, 0x5ca1ab1e);
	for (i = 0; i < n; i++)
		check("bench", i, 0x5ca1ab1e);
	cprintf("swaptest: bench sweep_40m %llu\n", tsc() - t0);
	cprintf("swaptest: bench pages_touched %u\n", 2 * n);
	// Memory is full and the first pages are on the disk: a read of each
	// brings it in and sends another out.
	for (i = 0; i < n && k < NSAMPLES; i++) {
		if (!swapped(i))
			continue;
		t0 = tsc();
		t = *(volatile uint32_t *) page(i);
		samples[k++] = tsc() - t0;
		(void) t;
	}
	// Median by insertion sort.
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && samples[j - 1] > samples[j]; j--) {
			t = samples[j];
			samples[j] = samples[j - 1];
			samples[j - 1] = t;
		}
	cprintf("swaptest: bench roundtrip %u\n", k ? samples[k / 2] : 0);
}

void
umain(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sweep";

	if (strcmp(mode, "sweep") == 0)
		sweep(mb_arg(argc, argv));
	else if (strcmp(mode, "fork") == 0)
		forktest(mb_arg(argc, argv));
	else if (strcmp(mode, "ipc") == 0)
		ipctest();
	else if (strcmp(mode, "full") == 0)
		fulltest();
	else if (strcmp(mode, "bench") == 0)
		benchmode();
	else
		panic("swaptest: sweep|fork MB, ipc, full, bench");
	cprintf("swaptest: %s: %s\n", mode, failures ? "FAILED" : "ok");
}
