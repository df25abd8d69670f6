// Copy-on-write races across CPUs: workers, forked from one parent, write
// their own mark over pages they all share copy-on-write, check that each
// page then holds their mark alone, fork children that do the same while
// their parent goes on writing, and destroy some of those children while
// they run (on another CPU, with several). Nobody may ever see another
// environment's write; the page audit at the end checks every reference
// count.
#include <inc/lib.h>

#define NWORKERS	6
#define NPAGES		8
#define ROUNDS		300
#define REGION		((uint32_t *) 0x10000000)
#define WORDS		(PGSIZE / sizeof(uint32_t))

static uint32_t seed;

static uint32_t
rand(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8;
}

// Write mark over page p, then check every word of it.
static void
mark_and_check(int p, uint32_t mark)
{
	volatile uint32_t *w = REGION + p * WORDS;
	uint32_t i;

	for (i = 0; i < WORDS; i++)
		w[i] = mark;
	for (i = 0; i < WORDS; i++)
		if (w[i] != mark)
			panic("cowrace: [%08x] saw %08x in page %d word %d, not its own %08x",
			      thisenv->env_id, w[i], p, i, mark);
}

// rounds rounds of marking random pages; a worker (depth 0) also forks
// children that race with it, and destroys some of them while they run.
static int
race(int rounds, int depth)
{
	int i, forks = 0;

	for (i = 0; i < rounds; i++) {
		mark_and_check(rand() % NPAGES, thisenv->env_id ^ (i << 20));
		if (depth == 0 && rand() % 16 == 0) {
			envid_t c = fork();
			if (c < 0)
				panic("cowrace: fork: %e", c);
			if (c == 0) {
				seed ^= thisenv->env_id;
				race(ROUNDS / 4, depth + 1);
				exit();
			}
			forks++;
			// Half of them are killed mid-run.
			if (rand() % 2)
				sys_env_destroy(c);
		}
	}
	return forks;
}

void
umain(int argc, char **argv)
{
	envid_t kids[NWORKERS];
	int i, p, r;

	seed = 1;
	for (p = 0; p < NPAGES; p++) {
		if ((r = sys_page_alloc(0, REGION + p * WORDS, PTE_P | PTE_U | PTE_W)) < 0)
			panic("cowrace: sys_page_alloc: %e", r);
		mark_and_check(p, 0xC0C0C0C0);
	}
	for (i = 0; i < NWORKERS; i++) {
		if ((kids[i] = fork()) < 0)
			panic("cowrace: fork: %e", kids[i]);
		if (kids[i] == 0) {
			seed = thisenv->env_id;
			r = race(ROUNDS, 0);
			cprintf("cowrace: worker %d done, %d children\n", i, r);
			exit();
		}
	}
	// The parent races too, with pages its workers still share.
	race(ROUNDS, 1);
	// -E_BAD_ENV: it ended, and a later fork reused its slot.
	for (i = 0; i < NWORKERS; i++)
		if ((r = wait(kids[i])) != 0 && r != -E_BAD_ENV)
			panic("cowrace: worker %08x ended with status %d", kids[i], r);
	cprintf("cowrace: %d workers, nobody saw another's write\n", NWORKERS);
}
