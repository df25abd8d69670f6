// init: the first program of a system with a file system. Checks that its
// own data and bss were loaded right (JOS's lines), makes the console
// descriptors 0, 1 and 2, and runs /sh, starting a new one whenever the
// old one is killed. A shell that exits of its own accord (`exit`, or the
// end of its input) ends init too, and with it the session: the system
// goes idle and the kernel's monitor takes the console.

#include <inc/lib.h>

// A shell killed this many times in a row without one exit of its own
// (say /sh itself faults at start) is not started again.
#define MAX_RESTARTS	16

// Initialized data over more than a page, and a bss as large: a loader
// that copied only part of the data or left garbage in the bss shows.
static struct {
	char head[16];
	char middle[PGSIZE];
	char tail[16];
} data = { "init data head", "", "init data tail" };
static char bss[2 * PGSIZE];

static void
check_image(void)
{
	int i;

	if (strcmp(data.head, "init data head") != 0 ||
	    strcmp(data.tail, "init data tail") != 0)
		cprintf("init: data is not initialized: '%.15s' ... '%.15s'\n",
			data.head, data.tail);
	else
		cprintf("init: data seems okay\n");
	for (i = 0; i < sizeof bss && bss[i] == 0; i++)
		;
	if (i < sizeof bss)
		cprintf("init: bss is not initialized: byte %d is %02x\n",
			i, bss[i] & 0xff);
	else
		cprintf("init: bss seems okay\n");
}

// Descriptors 0, 1 and 2 on the console, unless already open (the kernel
// may have opened them, or a parent handed them down).
static void
open_console(void)
{
	struct Fd *fd;
	int i, r;

	if (fd_lookup(0, &fd) < 0) {
		if ((r = opencons()) < 0)
			panic("opencons: %e", r);
		if (r != 0)
			panic("opencons gave fd %d, not 0", r);
	}
	for (i = 1; i <= 2; i++)
		if (fd_lookup(i, &fd) < 0 && (r = dup(0, i)) < 0)
			panic("dup(0, %d): %e", i, r);
}

void
umain(int argc, char **argv)
{
	char line[256];
	int i, n, status, restarts = 0;
	envid_t sh;

	cprintf("init: running\n");
	check_image();
	// One line in one call, so nothing else's output cuts into it.
	n = snprintf(line, sizeof line, "init: args:");
	for (i = 0; i < argc; i++)
		n += snprintf(line + n, sizeof line - n, " '%s'", argv[i]);
	cprintf("%s\n", line);

	cprintf("init: running sh\n");
	open_console();
	for (;;) {
		cprintf("init: starting sh\n");
		if ((sh = spawnl("/sh", "sh", NULL)) < 0) {
			cprintf("init: cannot start /sh: %e\n", sh);
			exit(1);
		}
		status = wait(sh);
		if (!EXIT_WAS_KILLED(status)) {
			cprintf("init: sh exited with status %d\n", status);
			exit(status);
		}
		if (status & EXIT_DESTROYED)
			cprintf("init: sh [%08x] was destroyed; ", sh);
		else
			cprintf("init: sh [%08x] was killed by trap %d; ", sh,
				EXIT_TRAPNO(status));
		if (++restarts == MAX_RESTARTS) {
			cprintf("killed %d times in a row, giving up\n", restarts);
			exit(1);
		}
		cprintf("restarting it\n");
	}
}
