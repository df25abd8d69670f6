// The user side of the console: the kernel's, reached through system
// calls. readline and cprintf sit on top of these.

#include <inc/lib.h>

void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

// Waits for a character, giving the CPU away while there is none.
// Returns the character, or a negative error code from the kernel.
int
getchar(void)
{
	int r;

	while ((r = sys_cgetc()) == 0)
		sys_yield();
	return r;
}

// Standard input is always the console: there are no files.
int
iscons(int fd)
{
	return 1;
}
