// make bench: what each path students study costs. Every row is the median
// of many samples, each timed with rdtsc, minus the cost of an empty pair
// of rdtsc. Under QEMU -icount shift=0, rdtsc counts guest instructions, so
// the figures repeat exactly; under plain TCG it counts host cycles.
//
// usage: bench [short]    (short: a few iterations, a smoke test)
//
// Output: one line `bench: ROW MEDIAN` per row, in a fixed order, then
// `bench: done`. conf/bench.sh turns them into a table.
//
// Everything the program creates is gone when it ends: each child exits and
// the parent waits until its slot is free, so the kernel's "free pages"
// lines at boot and at idle stay equal.

#include <inc/lib.h>

#include "bench.h"

// Addresses, all in the page table that already maps the program (UTEXT's
// 4 MiB), so no row pays for page tables the program would not have.
#define REGION		0x00A00000	// the parent's written pages, up to MAXPAGES
#define MAXPAGES	256
#define UNMAPPED	0x00BF0000	// never mapped: the upcall row faults here
#define IPC_CHILD_VA	0x00BFC000	// where the echo child receives pages
#define IPC_PARENT_VA	0x00BFD000	// the page the parent sends and gets back
#define SCRATCH		0x00BFE000	// eager fork: the child's page, mapped here to fill it
#define CTRL		0x00BFF000	// a PTE_SHARE page: flags between parent and child
// A stack page far below the stack pointer, never touched otherwise.
#define STACK_PAGE	(USTACKTOP - USTACKSIZE / 2)

#define IPC_STOP	0xFFFFFFFFu

struct ctrl {
	volatile uint32_t started;
	volatile uint32_t stop;
};

#define MAXSAMPLES	1000
static uint32_t samples[MAXSAMPLES];
static uint32_t tsc_overhead;		// median of an empty rdtsc pair
static int region_pages;		// pages mapped at REGION

// Iteration counts, full or short.
static int n_syscall = 1000, n_switch = 500, n_ipc = 500, n_fork = 50,
	n_fork_big = 15, n_cow = 256, n_fault = 200, n_file = 5;

// One sample: the raw difference minus the cost of timing nothing.
static uint32_t
net(uint32_t t0, uint32_t t1)
{
	uint32_t d = t1 - t0;

	return d > tsc_overhead ? d - tsc_overhead : 0;
}

static uint32_t
report(const char *row, int n)
{
	uint32_t m = median(samples, n);

	cprintf("bench: %s %u\n", row, m);
	return m;
}

// Yield until env id is gone: exited and freed (or the slot reused).
static void
wait_gone(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (e->env_id == id && e->env_status != ENV_FREE)
		sys_yield();
}

// How many environments could run now (this one included).
static int
count_runnable(void)
{
	int i, n = 0;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE || envs[i].env_status == ENV_RUNNING)
			n++;
	return n;
}

static void
check(int r, const char *what)
{
	if (r < 0)
		panic("%s: %e", what, r);
}

// --- Rows -------------------------------------------------------------------

static void
measure_overhead(void)
{
	int i;
	uint32_t t0, t1;

	for (i = 0; i < n_syscall; i++) {
		t0 = tsc();
		t1 = tsc();
		samples[i] = t1 - t0;
	}
	tsc_overhead = median(samples, n_syscall);
	cprintf("bench: tsc_overhead %u\n", tsc_overhead);
}

// The way the library's sys_getenvid goes (lib/syscall.c, make SYSCALL=).
#ifdef SYSCALL_INT
#define LIBRARY_WAY	"int"
#else
#define LIBRARY_WAY	"sysenter"
#endif

static void
bench_null_syscall(void)
{
	int i;
	uint32_t t0, t1;

	for (i = 0; i < n_syscall; i++) {
		t0 = tsc();
		sys_getenvid();
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	cprintf("bench: library_way %s\n", LIBRARY_WAY);
	report("null_syscall", n_syscall);
}

// The same call by int $0x30, through the library's generic stub (the
// library's sys_getenvid uses sysenter, unless built with SYSCALL=int).
static void
bench_null_syscall_int(void)
{
	int i;
	uint32_t t0, t1;

	for (i = 0; i < n_syscall; i++) {
		t0 = tsc();
		syscall_int(SYS_getenvid, 0, 0, 0, 0, 0);
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	report("null_syscall_int", n_syscall);
}

static char sink_buf[64] = "sixty-four bytes checked by the kernel, printed nowhere at all.";

static void
bench_sink64(void)
{
	int i;
	uint32_t t0, t1;

	for (i = 0; i < n_syscall; i++) {
		t0 = tsc();
		sys_sink(sink_buf, sizeof(sink_buf));
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	report("sink64", n_syscall);
}

static void
bench_yield_alone(void)
{
	int i;
	uint32_t t0, t1;

	if (count_runnable() != 1)
		panic("yield_alone: %d environments can run, not 1", count_runnable());
	for (i = 0; i < n_syscall; i++) {
		t0 = tsc();
		sys_yield();
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	report("yield_alone", n_syscall);
}

// Context switch: a child yields in a loop, so each yield of ours runs it
// once and comes back: two switches per sample.
static void
bench_yield_switch(void)
{
	struct ctrl *ctrl = (struct ctrl *) CTRL;
	envid_t id;
	int i;
	uint32_t t0, t1;

	check(sys_page_alloc(0, ctrl, PTE_P | PTE_U | PTE_W | PTE_SHARE), "ctrl page");
	ctrl->started = ctrl->stop = 0;
	check(id = fork(), "fork");
	if (id == 0) {
		ctrl->started = 1;
		while (!ctrl->stop)
			sys_yield();
		exit();
	}
	while (!ctrl->started)
		sys_yield();
	if (count_runnable() != 2)
		panic("yield_switch: %d environments can run, not 2", count_runnable());
	// Untimed rounds: our stack and data pages are copy-on-write since
	// the fork, and their first writes would fault inside a sample.
	for (i = 0; i < n_switch; i++)
		samples[i] = 0;
	for (i = 0; i < 4; i++)
		sys_yield();

	for (i = 0; i < n_switch; i++) {
		t0 = tsc();
		sys_yield();
		t1 = tsc();
		samples[i] = net(t0, t1) / 2;
	}
	ctrl->stop = 1;
	wait_gone(id);
	check(sys_page_unmap(0, ctrl), "unmap ctrl");
	report("yield_switch", n_switch);
}

// IPC round trips against an echo child: it sends back each value, with
// the page it received if one came, and exits on IPC_STOP.
static void
bench_ipc(void)
{
	envid_t id, from;
	int i, perm;
	uint32_t t0, t1, v;
	const int pperm = PTE_P | PTE_U | PTE_W;

	check(id = fork(), "fork");
	if (id == 0) {
		for (;;) {
			v = ipc_recv(&from, (void *) IPC_CHILD_VA, &perm);
			if (v == IPC_STOP)
				break;
			ipc_send(from, v, perm ? (void *) IPC_CHILD_VA : 0, perm);
		}
		check(sys_page_unmap(0, (void *) IPC_CHILD_VA), "unmap");
		exit();
	}
	for (i = 0; i < n_ipc; i++)
		samples[i] = 0;
	for (i = 0; i < 4; i++) {	// untimed: copy-on-write faults, child start
		ipc_send(id, i, 0, 0);
		ipc_recv(0, 0, 0);
	}

	for (i = 0; i < n_ipc; i++) {
		t0 = tsc();
		ipc_send(id, i, 0, 0);
		v = ipc_recv(0, 0, 0);
		t1 = tsc();
		samples[i] = net(t0, t1);
		if (v != (uint32_t) i)
			panic("ipc echo: sent %d, got %d", i, v);
	}
	report("ipc_value", n_ipc);

	check(sys_page_alloc(0, (void *) IPC_PARENT_VA, pperm), "ipc page");
	for (i = 0; i < 4; i++) {
		ipc_send(id, i, (void *) IPC_PARENT_VA, pperm);
		ipc_recv(0, (void *) IPC_PARENT_VA, 0);
	}
	for (i = 0; i < n_ipc; i++) {
		t0 = tsc();
		ipc_send(id, i, (void *) IPC_PARENT_VA, pperm);
		v = ipc_recv(0, (void *) IPC_PARENT_VA, &perm);
		t1 = tsc();
		samples[i] = net(t0, t1);
		if (v != (uint32_t) i || perm != pperm)
			panic("ipc page echo: sent %d, got %d perm %x", i, v, perm);
	}
	ipc_send(id, IPC_STOP, 0, 0);
	wait_gone(id);
	check(sys_page_unmap(0, (void *) IPC_PARENT_VA), "unmap");
	report("ipc_page", n_ipc);
}

// Map exactly n pages at REGION.
static void
region_set(int n)
{
	for (; region_pages < n; region_pages++)
		check(sys_page_alloc(0, (void *) (REGION + region_pages * PGSIZE),
				     PTE_P | PTE_U | PTE_W), "region page");
	for (; region_pages > n; region_pages--)
		check(sys_page_unmap(0, (void *) (REGION + (region_pages - 1) * PGSIZE)),
		      "region unmap");
}

// Write every region page: after a fork whose child is gone, each write
// makes the page writable in place again.
static void
region_write(uint32_t v)
{
	int i;

	for (i = 0; i < region_pages; i++)
		*(volatile uint32_t *) (REGION + i * PGSIZE) = v;
}

// A dumbfork: an empty child, then a fresh copy of every page we have
// below UTOP (PTE_SHARE pages are shared, as fork would).
static envid_t
eager_fork(void)
{
	envid_t id;
	uint32_t pdx, pn, pte;
	void *va;

	id = sys_exofork();
	if (id <= 0) {
		if (id == 0)
			exit();
		return id;
	}
	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(uvpd[pdx] & PTE_P))
			continue;
		for (pn = pdx * NPTENTRIES; pn < (pdx + 1) * NPTENTRIES; pn++) {
			if (!((pte = uvpt[pn]) & PTE_P))
				continue;
			va = (void *) (pn << PGSHIFT);
			if (pte & PTE_SHARE) {
				check(sys_page_map(0, va, id, va, pte & PTE_SYSCALL), "share");
				continue;
			}
			check(sys_page_alloc(id, va, PTE_P | PTE_U | PTE_W), "eager alloc");
			check(sys_page_map(id, va, 0, (void *) SCRATCH, PTE_P | PTE_U | PTE_W), "eager map");
			memcpy((void *) SCRATCH, va, PGSIZE);
			check(sys_page_unmap(0, (void *) SCRATCH), "eager unmap");
		}
	}
	check(sys_env_set_status(id, ENV_RUNNABLE), "eager run");
	return id;
}

// fork (copy-on-write in the kernel, or eager), the child exits at once,
// and the parent yields until it notices the child is gone.
static uint32_t
bench_fork(const char *row, int npages, int eager, int n)
{
	envid_t id;
	int i;
	uint32_t t0, t1;

	region_set(npages);
	for (i = 0; i < n; i++) {
		region_write(i);
		t0 = tsc();
		id = eager ? eager_fork() : fork();
		check(id, "fork");
		if (id == 0)
			exit();
		wait_gone(id);
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	return report(row, n);
}

// One copy-on-write fault: pages we and a live child both hold, written
// once each while the child waits in ipc_recv.
static void
bench_cow_fault(void)
{
	envid_t id;
	int i;
	uint32_t t0, t1;

	region_set(n_cow);
	region_write(1);
	check(id = fork(), "fork");
	if (id == 0) {
		ipc_recv(0, 0, 0);
		exit();
	}
	while (!envs[ENVX(id)].env_ipc_recving)
		sys_yield();
	for (i = 0; i < n_cow; i++)	// untimed: the faults of samples[] itself
		samples[i] = 0;

	for (i = 0; i < n_cow; i++) {
		volatile uint32_t *p = (volatile uint32_t *) (REGION + i * PGSIZE);
		if (pages[PGNUM(uvpt[PGNUM(p)])].pp_ref != 2)
			panic("cow_fault: page %d has %d references, not 2", i,
			      pages[PGNUM(uvpt[PGNUM(p)])].pp_ref);
		t0 = tsc();
		*p = 2;
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	ipc_send(id, 0, 0, 0);
	wait_gone(id);
	region_set(0);
	report("cow_fault", n_cow);
}

// One stack-growth fault: a write to a stack page not yet there.
static void
bench_stack_fault(void)
{
	volatile uint32_t *p = (volatile uint32_t *) STACK_PAGE;
	int i;
	uint32_t t0, t1;

	if (uvpt[PGNUM(p)] & PTE_P)
		panic("stack_fault: %p is already mapped", p);
	for (i = 0; i < n_fault; i++) {
		t0 = tsc();
		*p = i;
		t1 = tsc();
		samples[i] = net(t0, t1);
		check(sys_page_unmap(0, (void *) p), "unmap stack page");
	}
	report("stack_fault", n_fault);
}

// The handler skips the 2-byte load that faulted.
static void
skip_handler(struct UTrapframe *utf)
{
	utf->utf_eip += 2;
}

// One user-level page fault: kernel, upcall, handler, back to the program,
// with nothing mapped, so it is the round trip alone.
static void
bench_upcall_fault(void)
{
	int i;
	uint32_t t0, t1;

	set_pgfault_handler(skip_handler);
	for (i = 0; i < n_fault; i++) {
		t0 = tsc();
		asm volatile("movl (%%eax), %%ecx"	// 8b 08: two bytes
			     : : "a" (UNMAPPED) : "ecx", "memory");
		t1 = tsc();
		samples[i] = net(t0, t1);
	}
	report("upcall_fault", n_fault);
}

// 256 KiB written to a new file and read back, through the file server:
// open, 64 writes of 4 KiB, close (the blocks go to disk), open, 64 reads,
// close. Skipped when no file server runs (kernel option nofs).
#define FILE_BYTES	(256 * 1024)
#define FILE_CHUNK	4096

static void
file_rw_once(void)
{
	static char buf[FILE_CHUNK];
	int fd, i;

	check(fd = open("/bench.tmp", O_RDWR | O_CREAT | O_TRUNC), "open /bench.tmp");
	for (i = 0; i < FILE_BYTES; i += FILE_CHUNK)
		if (write(fd, buf, FILE_CHUNK) != FILE_CHUNK)
			panic("write /bench.tmp");
	check(close(fd), "close");
	check(fd = open("/bench.tmp", O_RDONLY), "open /bench.tmp");
	for (i = 0; i < FILE_BYTES; i += FILE_CHUNK)
		if (read(fd, buf, FILE_CHUNK) != FILE_CHUNK)
			panic("read /bench.tmp");
	check(close(fd), "close");
}

static void
bench_file_rw(void)
{
	uint32_t t0;
	int i;

	if (!ipc_find_env(ENV_TYPE_FS)) {
		cprintf("bench: file_rw_256k skipped: no file server\n");
		return;
	}
	for (i = 0; i < n_file; i++) {
		t0 = tsc();
		file_rw_once();
		samples[i] = net(t0, tsc());
	}
	check(remove("/bench.tmp"), "remove /bench.tmp");
	report("file_rw_256k", n_file);
}

// spawn, exec and pipes: user/benchproc, a program of its own, prints
// those rows (exec needs a program on the disk to replace itself with).
static void
bench_processes(bool short_run)
{
	envid_t child;

	if (!ipc_find_env(ENV_TYPE_FS)) {
		cprintf("bench: spawn_wait, exec, pipe_1m skipped: no file server\n");
		return;
	}
	check(child = spawnl("/benchproc", "benchproc", short_run ? "short" : NULL, NULL),
	      "spawn /benchproc");
	wait(child);
}

// The file server's start-up checks run beside the first rows otherwise.
// Throughput: two children each count to PAR_LOOPS; the sample is the
// time from the first fork to the second child's end. With two CPUs they
// run side by side (under plain TCG, where each CPU is a host thread).
#define PAR_LOOPS	2000000
#define PAR_SAMPLES	3

static void
bench_parallel(void)
{
	envid_t kid[2];
	int i, s;

	for (s = 0; s < PAR_SAMPLES; s++) {
		uint32_t t0 = tsc();
		for (i = 0; i < 2; i++) {
			if ((kid[i] = fork()) < 0)
				panic("bench: fork: %e", kid[i]);
			if (kid[i] == 0) {
				volatile uint32_t n;
				for (n = 0; n < PAR_LOOPS; n++)
					;
				exit();
			}
		}
		for (i = 0; i < 2; i++)
			wait_gone(kid[i]);
		samples[s] = net(t0, tsc());
	}
	report("parallel_2", PAR_SAMPLES);
}

static void
wait_fs_idle(void)
{
	envid_t fs = ipc_find_env(ENV_TYPE_FS);

	while (fs && envs[ENVX(fs)].env_id == fs && !envs[ENVX(fs)].env_ipc_recving &&
	       envs[ENVX(fs)].env_status != ENV_FREE)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	uint32_t cow256, eager256, ratio10;

	if (argc > 1 && strcmp(argv[1], "short") == 0) {
		n_syscall = n_switch = n_ipc = 20;
		n_fork = 3;
		n_fork_big = 2;
		n_cow = 16;
		n_fault = 20;
		n_file = 1;
	}

	// The fork rows measure a program as lab 4 knew it, without the
	// console descriptors the kernel opens for a run= program: every
	// fork would copy their page table. So the rows run in a child that
	// never had any.
	if (thisenv->env_parent_id == 0 && ipc_find_env(ENV_TYPE_FS)) {
		envid_t child;

		close_all();
		check(child = spawn("/bench", (const char **) argv), "spawn /bench");
		wait(child);
		return;
	}
	wait_fs_idle();
	measure_overhead();
	bench_null_syscall();
	bench_null_syscall_int();
	bench_sink64();
	bench_yield_alone();
	bench_yield_switch();
	bench_ipc();
	bench_fork("fork_cow_0", 0, 0, n_fork);
	bench_fork("fork_cow_16", 16, 0, n_fork);
	cow256 = bench_fork("fork_cow_256", 256, 0, n_fork_big);
	bench_fork("fork_eager_0", 0, 1, n_fork);
	bench_fork("fork_eager_16", 16, 1, n_fork);
	eager256 = bench_fork("fork_eager_256", 256, 1, n_fork_big);
	ratio10 = cow256 ? (uint32_t) ((uint64_t) eager256 * 10 / cow256) : 0;
	cprintf("bench: fork_ratio_256 %u.%u\n", ratio10 / 10, ratio10 % 10);
	region_set(0);
	bench_cow_fault();
	bench_stack_fault();
	bench_upcall_fault();
	bench_file_rw();
	bench_processes(argc > 1 && strcmp(argv[1], "short") == 0);
	bench_parallel();
	cprintf("bench: done\n");
}

