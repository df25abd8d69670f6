// The user side of the console: the kernel's, reached through system
// calls. readline and cprintf sit on top of these.

#include <inc/lib.h>

void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

// Waits for a character, asleep in the kernel while there is none.
int
getchar(void)
{
	return sys_cgetc_wait();
}

// Standard input is always the console: there are no files.
int
iscons(int fd)
{
	return 1;
}
