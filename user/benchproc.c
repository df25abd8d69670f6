// make bench, the rows of processes and pipes (user/bench runs this at its
// end): spawn + wait of a trivial program, exec in place, and 1 MiB
// through a pipe. Timed with rdtsc as in user/bench.c: under QEMU -icount
// shift=0 it counts guest instructions.
//
// usage: benchproc [short]   (benchproc exec-end: the exec row's new image)
//
// Output: `bench: ROW MEDIAN` per row.

#include <inc/lib.h>

#include "bench.h"

// A PTE_SHARE page: the exec row's times, kept across exec like the
// descriptors are.
#define CTRL		0x00BFF000
#define MAXSAMPLES	50
#define PIPE_BYTES	(1024 * 1024)
#define PIPE_WRITE	512		// bytes per write, as in JOS's figure
#define PIPE_READ	4096		// the reader takes what is there

struct ctrl {
	volatile uint32_t t_before;	// the old image, just before exec
	volatile uint32_t t_after;	// the new image, first thing in umain
};

static uint32_t samples[MAXSAMPLES];
static uint32_t tsc_overhead;
static int n_spawn = 20, n_exec = 20, n_pipe = 3;

static uint32_t
net(uint32_t d)
{
	return d > tsc_overhead ? d - tsc_overhead : 0;
}

static void
report(const char *row, int n)
{
	cprintf("bench: %s %u\n", row, median(samples, n));
}

static void
check(int r, const char *what)
{
	if (r < 0)
		panic("%s: %e", what, r);
}

static void
measure_overhead(void)
{
	uint32_t t0, t1;
	int i;

	for (i = 0; i < MAXSAMPLES; i++) {
		t0 = tsc();
		t1 = tsc();
		samples[i] = t1 - t0;
	}
	tsc_overhead = median(samples, MAXSAMPLES);
}

// spawn("/true") and wait until it has exited and is freed.
static void
bench_spawn(void)
{
	const char *argv[] = { "true", NULL };
	uint32_t t0;
	envid_t child;
	int i;

	for (i = 0; i < n_spawn; i++) {
		t0 = tsc();
		check(child = spawn("/true", argv), "spawn /true");
		check(wait(child), "wait");
		samples[i] = net(tsc() - t0);
	}
	report("spawn_wait", n_spawn);
}

// A child execs this program: from just before sys_exec's preparation
// (exec() called) to the new image's first line of umain.
static void
bench_exec(void)
{
	struct ctrl *ctrl = (struct ctrl *) CTRL;
	const char *argv[] = { "benchproc", "exec-end", NULL };
	envid_t child;
	int i;

	check(sys_page_alloc(0, ctrl, PTE_P | PTE_U | PTE_W | PTE_SHARE), "page_alloc");
	for (i = 0; i < n_exec; i++) {
		check(child = fork(), "fork");
		if (child == 0) {
			ctrl->t_before = tsc();
			check(exec("/benchproc", argv), "exec /benchproc");
		}
		check(wait(child), "wait");
		samples[i] = net(ctrl->t_after - ctrl->t_before);
	}
	check(sys_page_unmap(0, ctrl), "page_unmap");
	report("exec", n_exec);
}

// 1 MiB from this environment to a child through a pipe, PIPE_WRITE
// bytes per write, until the child has read it all and exited.
static void
bench_pipe(void)
{
	static char buf[PIPE_READ];
	uint32_t t0;
	envid_t child;
	int i, j, p[2], r;

	for (i = 0; i < n_pipe; i++) {
		t0 = tsc();
		check(pipe(p), "pipe");
		check(child = fork(), "fork");
		if (child == 0) {
			close(p[1]);
			while ((r = read(p[0], buf, sizeof(buf))) > 0)
				;
			exit(r < 0);
		}
		close(p[0]);
		for (j = 0; j < PIPE_BYTES; j += PIPE_WRITE)
			if (write(p[1], buf, PIPE_WRITE) != PIPE_WRITE)
				panic("pipe write");
		close(p[1]);
		if (wait(child) != 0)
			panic("pipe reader failed");
		samples[i] = net(tsc() - t0);
	}
	report("pipe_1m", n_pipe);
}

void
umain(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-end") == 0) {
		((struct ctrl *) CTRL)->t_after = tsc();
		return;
	}
	if (argc > 1 && strcmp(argv[1], "short") == 0)
		n_spawn = n_exec = n_pipe = 1;
	measure_overhead();
	bench_spawn();
	bench_exec();
	bench_pipe();
}
