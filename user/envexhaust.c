// Environment exhaustion: fork until the kernel says -E_NO_FREE_ENV, let
// every child exit, wait until they are gone, and do it again with
// sys_exofork (children destroyed by the parent this time). Both rounds
// must make the same number of children, and forking must work after.

#include <inc/lib.h>

#define FLAG	((volatile uint32_t *) 0x0E000000)	// shared with the children
#define MAXKIDS	NENV

static envid_t kids[MAXKIDS];

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

// Wait until none of kids[0..n) is left.
static void
wait_all(int n)
{
	int i;

	for (i = 0; i < n; i++)
		while (alive(kids[i]))
			sys_yield();
}

void
umain(int argc, char **argv)
{
	envid_t id;
	int n1, n2, i, r, failures = 0;

	if ((r = sys_page_alloc(0, (void *) FLAG, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("envexhaust: flag page: %e", r);
	*FLAG = 0;

	// Round 1: fork. Children wait for the flag, yielding, then exit.
	for (n1 = 0; ; n1++) {
		if ((id = fork()) == 0) {
			while (!*FLAG)
				sys_yield();
			exit();
		}
		if (id < 0) {
			if (id != -E_NO_FREE_ENV) {
				cprintf("envexhaust: FAILED: fork ended in %e, not -E_NO_FREE_ENV\n", id);
				failures++;
			}
			break;
		}
		if (n1 == MAXKIDS)
			panic("envexhaust: more children than NENV");
		kids[n1] = id;
	}
	cprintf("envexhaust: fork: %d children, then -E_NO_FREE_ENV\n", n1);
	*FLAG = 1;
	wait_all(n1);
	cprintf("envexhaust: all %d children gone\n", n1);

	// Round 2: exofork. The children never run; the parent destroys them.
	for (n2 = 0; ; n2++) {
		if ((id = sys_exofork()) == 0)
			panic("envexhaust: an exofork child ran");
		if (id < 0) {
			if (id != -E_NO_FREE_ENV) {
				cprintf("envexhaust: FAILED: exofork ended in %e, not -E_NO_FREE_ENV\n", id);
				failures++;
			}
			break;
		}
		if (n2 == MAXKIDS)
			panic("envexhaust: more children than NENV");
		kids[n2] = id;
	}
	cprintf("envexhaust: exofork: %d children, then -E_NO_FREE_ENV\n", n2);
	for (i = 0; i < n2; i++)
		if ((r = sys_env_destroy(kids[i])) < 0) {
			cprintf("envexhaust: FAILED: destroying %08x: %e\n", kids[i], r);
			failures++;
		}
	wait_all(n2);
	if (n1 != n2 || n1 < 1) {
		cprintf("envexhaust: FAILED: %d children by fork, %d by exofork\n", n1, n2);
		failures++;
	}
	if (n1 != NENV - 1)
		cprintf("envexhaust: note: %d environments were in use by others\n", NENV - 1 - n1);

	// Once more: a fork succeeds and its child exits.
	*FLAG = 1;
	if ((id = fork()) == 0) {
		cprintf("envexhaust: the last child runs\n");
		exit();
	}
	if (id < 0) {
		cprintf("envexhaust: FAILED: fork after exhaustion: %e\n", id);
		failures++;
	} else {
		kids[0] = id;
		wait_all(1);
	}

	if (failures == 0)
		cprintf("envexhaust: ok\n");
	else
		cprintf("envexhaust: %d failures\n", failures);
}
