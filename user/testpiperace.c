// JOS lab 5's testpiperace: the parent dups and closes a pipe's read end
// over and over while the child checks that the write end still counts
// as open. A dup that mapped the descriptor page before the data page, or
// a close that unmapped them the other way round, would be caught between
// the two by a timer interrupt sooner or later, and the pipe would look
// closed.
#include <inc/lib.h>

#define CHECKS	200

void
umain(int argc, char **argv)
{
	int p[2], r, i;
	envid_t child;
	struct Fd *fd;
	const volatile struct Env *kid;

	cprintf("testing for dup race...\n");
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[1]);
		// The read end's descriptor page has 2 or 3 references as the
		// parent dups and closes it; the write end's has 1; the data
		// page 3 or 4. Only a race makes two of them equal.
		for (i = 0; i < CHECKS; i++) {
			if (pipeisclosed(p[0])) {
				cprintf("RACE: pipe appears closed\n");
				exit();
			}
			sys_yield();
		}
		// Stop being runnable, without exiting: the parent's signal.
		ipc_recv(NULL, NULL, NULL);
	}
	kid = &envs[ENVX(child)];
	dup(p[0], 10);
	// ENV_RUNNING too: with several CPUs it may be running right now.
	while (kid->env_status == ENV_RUNNABLE || kid->env_status == ENV_RUNNING)
		dup(p[0], 10);

	cprintf("child done with loop\n");
	if (pipeisclosed(p[0]))
		panic("somehow the other end of p[0] got closed!");
	if ((r = fd_lookup(p[0], &fd)) < 0)
		panic("cannot look up p[0]: %e", r);
	// p[0], p[1] and 10 here, p[0] in the child.
	if (pageref(fd2data(fd)) != 3 + 1)
		cprintf("child detected race\n");
	else
		cprintf("race didn't happen\n");
	sys_env_destroy(child);
}
