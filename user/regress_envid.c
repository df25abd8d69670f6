// Regression: parent rights do not come back with a recycled id. Ids
// repeat once a slot has gone through all its generations; an orphan
// used to keep its dead parent's id, and the next environment to get that
// id could map into it and destroy it. Run with the kernel option
// envgens=2, so that a slot's ids repeat every second use.
//
// The parent P forks C and exits: C is an orphan now. The next two
// environments in P's slot get ids N1 (a new generation) and then, at the
// wrap, P's own id again. That one must not be able to act on C.

#include <inc/lib.h>

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

static void
wait_dead(envid_t id)
{
	while (alive(id))
		sys_yield();
}

static void
expect_bad_env(const char *what, int r)
{
	if (r == -E_BAD_ENV)
		cprintf("regress_envid: %s: %e\n", what, r);
	else
		cprintf("regress_envid: FAILED: %s: %e, not %e\n", what, r, -E_BAD_ENV);
}

void
umain(int argc, char **argv)
{
	envid_t p, c, n, between;

	if ((p = fork()) == 0) {
		if ((c = fork()) == 0) {
			sys_ipc_recv((void *) UTOP);	// until the test ends
			exit();
		}
		ipc_send(thisenv->env_parent_id, c, NULL, 0);
		exit();
	}
	c = ipc_recv(NULL, NULL, NULL);
	wait_dead(p);
	cprintf("regress_envid: parent %08x gone, its child %08x has parent %08x\n",
		p, c, envs[ENVX(c)].env_parent_id);

	if ((between = fork()) == 0)
		exit();
	if (between == p)
		cprintf("regress_envid: FAILED: %08x came back at once\n", p);
	wait_dead(between);
	if ((n = fork()) == 0) {
		if (sys_getenvid() != p) {
			cprintf("regress_envid: FAILED: got id %08x, not the old parent's %08x\n",
				sys_getenvid(), p);
			exit();
		}
		cprintf("regress_envid: %08x is back after %08x\n", p, between);
		expect_bad_env("sys_page_alloc in the orphan",
			       sys_page_alloc(c, (void *) UTEMP, PTE_P | PTE_U | PTE_W));
		expect_bad_env("sys_env_set_status of the orphan",
			       sys_env_set_status(c, ENV_NOT_RUNNABLE));
		expect_bad_env("sys_env_destroy of the orphan", sys_env_destroy(c));
		exit();
	}
	wait_dead(n);
	if (!alive(c))
		cprintf("regress_envid: FAILED: the orphan %08x is gone\n", c);
	else
		cprintf("regress_envid: the orphan %08x lives\n", c);
	ipc_send(c, 0, NULL, 0);
	wait_dead(c);
	cprintf("regress_envid: done\n");
}
