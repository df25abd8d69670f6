// The scheduler under load from several CPUs (JOS lab 4's stresssched, in
// its own words): 20 children each count to 500000 in fifty stretches with
// a sys_yield between them (JOS's ten stretches end within a timer tick or
// two, too soon for idle CPUs to join in reliably). The counter is each child's own (copy-on-write
// after fork), and incremented without atomic instructions: if a child
// ever ran on two CPUs at once, increments would be lost. Each child
// says where it ran last; the parent counts the distinct CPUs the
// children ran on.
#include <inc/lib.h>

#define NCHILD		20
#define ROUNDS		50
#define PER_ROUND	10000

// Shared with every child (PTE_SHARE): the start signal, and a mask of
// the CPUs children were seen on.
struct Board {
	volatile int go;
	volatile uint32_t cpus_seen[NCHILD];
};
static struct Board *board = (struct Board *) 0x0A000000;

static volatile int counter;

static void
child(int id)
{
	int i, j;

	while (!board->go)
		sys_yield();
	for (i = 0; i < ROUNDS; i++) {
		sys_yield();
		for (j = 0; j < PER_ROUND; j++)
			counter++;
		board->cpus_seen[id] |= 1U << thisenv->env_cpunum;
	}
	if (counter != ROUNDS * PER_ROUND)
		panic("ran on two CPUs at once (counter is %d)", counter);
	cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id, thisenv->env_cpunum);
	exit();
}

void
umain(int argc, char **argv)
{
	envid_t kids[NCHILD];
	uint32_t seen = 0;
	int i, r, ncpus = 0;

	if ((r = sys_page_alloc(0, board, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("stresssched: sys_page_alloc: %e", r);
	for (i = 0; i < NCHILD; i++) {
		if ((kids[i] = fork()) < 0)
			panic("stresssched: fork: %e", kids[i]);
		if (kids[i] == 0)
			child(i);
	}
	board->go = 1;
	for (i = 0; i < NCHILD; i++)
		if ((r = wait(kids[i])) != 0)
			panic("stresssched: child %08x ended with status %d", kids[i], r);
	for (i = 0; i < NCHILD; i++)
		seen |= board->cpus_seen[i];
	for (i = 0; i < 32; i++)
		if (seen & (1U << i))
			ncpus++;
	cprintf("stresssched: %d children counted right on %d CPU(s)\n", NCHILD, ncpus);
}
