// Read a line of input with simple editing: typed characters are echoed
// and backspace erases. The same file builds into the kernel (over
// kern/console.c) and into user programs (over lib/console.c).

#include <inc/stdio.h>
#include <inc/error.h>

#define BUFLEN 1024
static char buf[BUFLEN];

// Returns the line without its end, in a static buffer that the next call
// overwrites; NULL on a read error. Input past BUFLEN-1 characters is
// dropped until the line ends.
char *
readline(const char *prompt)
{
	int i, c, echoing;

	if (prompt != NULL)
		cprintf("%s", prompt);

	i = 0;
	echoing = iscons(0);
	for (;;) {
		c = getchar();
		if (c < 0) {
			cprintf("read error: %s\n", errstr(c));
			return NULL;
		} else if (c == '\b' || c == '\x7f') {
			if (i > 0) {
				// Back up, blank the character, back up
				// again: works on the screen and on a
				// serial terminal alike.
				if (echoing) {
					cputchar('\b');
					cputchar(' ');
					cputchar('\b');
				}
				i--;
			}
		} else if (c == '\n' || c == '\r') {
			if (echoing)
				cputchar('\n');
			buf[i] = '\0';
			return buf;
		} else if (c >= ' ' && c < 0x7f && i < BUFLEN - 1) {
			// Printable ASCII only: special keys (arrows, ...)
			// and control characters are ignored.
			if (echoing)
				cputchar(c);
			buf[i++] = c;
		}
	}
}
