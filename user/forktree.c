// A binary tree of environments, three levels below the root: every
// environment prints its path from the root ('' for the root itself, then
// 'L' and 'R' for each step down), then forks its two children.
#include <inc/lib.h>

#define LEVELS	3

static void grow(const char *path);

static void
forkchild(const char *path, char side)
{
	char child_path[LEVELS + 1];
	envid_t child;
	int n = strlen(path);

	if (n >= LEVELS)
		return;
	memmove(child_path, path, n);
	child_path[n] = side;
	child_path[n + 1] = '\0';

	if ((child = fork()) < 0)
		panic("forktree: fork: %e", child);
	if (child == 0) {
		grow(child_path);
		exit();
	}
}

static void
grow(const char *path)
{
	cprintf("forktree: %08x is node '%s' at depth %d\n",
		sys_getenvid(), path, strlen(path));
	forkchild(path, 'L');
	forkchild(path, 'R');
}

void
umain(int argc, char **argv)
{
	grow("");
}
