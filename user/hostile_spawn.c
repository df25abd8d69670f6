// spawn until there is no environment or no memory left: each failure
// must be a clean -E_*, nothing half-built may stay behind, and once the
// children are gone spawn and exec work again (the idle line then shows
// every page back).
//
//	hostile_spawn		spawn sleepers until spawn fails
//	hostile_spawn sleep	(a child) wait in ipc_recv until destroyed

#include <inc/lib.h>

#define MAXCHILD	NENV

static envid_t kids[MAXCHILD];

void
umain(int argc, char **argv)
{
	int n, r, i;
	envid_t id;

	if (argc > 1 && strcmp(argv[1], "sleep") == 0)
		for (;;)
			ipc_recv(NULL, NULL, NULL);

	for (n = 0; n < MAXCHILD; n++) {
		if ((id = spawnl("/hostile_spawn", "hostile_spawn", "sleep", NULL)) < 0)
			break;
		kids[n] = id;
	}
	cprintf("hostile_spawn: %d children, then: %e\n", n, id);
	// Full: exec fails the same way, and leaves us running.
	r = execl("/hostile_spawn", "hostile_spawn", "sleep", NULL);
	cprintf("hostile_spawn: exec when full: %s\n", r < 0 ? "failed, still here" : "?");
	for (i = 0; i < n; i++)
		sys_env_destroy(kids[i]);
	for (i = 0; i < n; i++)
		if ((r = wait(kids[i])) != EXIT_DESTROYED)
			cprintf("hostile_spawn: child %08x ended with %#x\n", kids[i], r);
	id = spawnl("/true", "true", NULL);
	cprintf("hostile_spawn: after freeing them, spawn /true: %s, status %d\n",
		id > 0 ? "ok" : "failed", id > 0 ? wait(id) : id);
}
