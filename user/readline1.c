// Reads lines from the console with readline (blocking in the kernel
// between keys) and echoes each, until an empty line.

#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	char *line;

	while ((line = readline("? ")) && line[0])
		cprintf("got '%s'\n", line);
	cprintf("readline1: done\n");
}
