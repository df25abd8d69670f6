// The spawn race (beyond JOS's two): spawn copies the parent's descriptor
// pages into the child. If it mapped a pipe end's descriptor page before
// the pipe's data page, a reader of that end running between the two
// would count the write end as closed. Here the parent holds both ends
// and spawns /true with them, over and over, while a child holding the
// read end checks pipeisclosed.
#include <inc/lib.h>

#define SPAWNS	600

void
umain(int argc, char **argv)
{
	const char *args[] = { "true", NULL };
	int p[2], r, i;
	envid_t checker, child;

	cprintf("testing for spawn race...\n");
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((checker = fork()) < 0)
		panic("fork: %e", checker);
	if (checker == 0) {
		close(p[1]);
		for (;;) {
			if (pipeisclosed(p[0])) {
				cprintf("RACE: pipe appears closed\n");
				exit(1);
			}
			sys_yield();
		}
	}
	for (i = 0; i < SPAWNS && envs[ENVX(checker)].env_status != ENV_FREE; i++) {
		if ((child = spawn("/true", args)) < 0)
			panic("spawn: %e", child);
		wait(child);
	}
	if (envs[ENVX(checker)].env_status == ENV_FREE)
		cprintf("spawn race happened after %d spawns\n", i);
	else
		cprintf("spawn race didn't happen in %d spawns\n", i);
	sys_env_destroy(checker);
}
