// fork() until the kernel refuses, with -E_NO_FREE_ENV (no environment
// left) or -E_NO_MEM (no memory left). Every child waits, yielding, until
// a page shared by all (PTE_SHARE) says the parent is done, then exits.
// Nothing may leak.
//
// With the argument "mem", the parent first takes nearly all free memory
// for itself (sys_page_alloc until it fails, then gives a little back), so
// that fork runs out of memory long before it runs out of environments.
#include <inc/lib.h>

#define FLAG		((volatile int *) 0x0a000000)
#define HOG_BASE	0x10000000
#define HOG_LIMIT	0xd0000000
#define GIVE_BACK	256

static void
hog(void)
{
	uintptr_t va = HOG_BASE;
	int n = 0, i;

	while (va < HOG_LIMIT && sys_page_alloc(0, (void *) va, PTE_P | PTE_U | PTE_W) == 0) {
		va += PGSIZE;
		n++;
	}
	cprintf("forkbomb: took %d pages, giving %d back\n", n, GIVE_BACK);
	for (i = 0; i < GIVE_BACK && va > HOG_BASE; i++) {
		va -= PGSIZE;
		sys_page_unmap(0, (void *) va);
	}
}

void
umain(int argc, char **argv)
{
	bool mem = argc > 1 && strcmp(argv[1], "mem") == 0;
	envid_t r, parent = sys_getenvid();
	int n = 0;

	if ((r = sys_page_alloc(0, (void *) FLAG, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("forkbomb: sys_page_alloc: %e", r);
	if (mem)
		hog();

	for (;;) {
		r = fork();
		if (r == 0) {
			// Wait for the word; should the parent die, do not wait forever.
			const volatile struct Env *p = &envs[ENVX(parent)];
			while (!*FLAG && p->env_id == parent && p->env_status != ENV_FREE)
				sys_yield();
			exit();
		}
		if (r < 0)
			break;
		n++;
	}
	cprintf("forkbomb: fork failed with %e after %d children\n", r, n);
	if (r != -E_NO_FREE_ENV && r != -E_NO_MEM)
		panic("forkbomb: unexpected error %e", r);
	*FLAG = 1;
	cprintf("forkbomb: told every child to exit\n");
}
