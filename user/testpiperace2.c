// JOS lab 5's testpiperace2: the child dups and closes the read end,
// yielding between the two, while the parent checks pipeisclosed in a
// loop. The parent holds the write end throughout, so the pipe must never
// look closed: pipeisclosed has to read both counts without a switch in
// between.
#include <inc/lib.h>

#define ROUNDS	200

void
umain(int argc, char **argv)
{
	int p[2], r, i;
	envid_t child;
	struct Fd *fd;
	const volatile struct Env *kid;

	cprintf("testing for pipeisclosed race...\n");
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[1]);
		for (i = 0; i < ROUNDS; i++) {
			if (i % 10 == 0)
				cprintf("%d.", i);
			dup(p[0], 10);
			sys_yield();
			close(10);
			sys_yield();
		}
		cprintf("\n");
		exit();
	}

	kid = &envs[ENVX(child)];
	// ENV_RUNNING too: with several CPUs it may be running right now.
	while (kid->env_status == ENV_RUNNABLE || kid->env_status == ENV_RUNNING)
		if (pipeisclosed(p[0]) != 0) {
			cprintf("RACE: pipe appears closed\n");
			sys_env_destroy(child);
			exit();
		}
	cprintf("child done with loop\n");
	if (pipeisclosed(p[0]))
		panic("somehow the other end of p[0] got closed!");
	if ((r = fd_lookup(p[0], &fd)) < 0)
		panic("cannot look up p[0]: %e", r);
	cprintf("race didn't happen\n");
}
