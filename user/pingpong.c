// Two environments pass a counter back and forth over IPC, each adding one,
// until it reaches 10.
#include <inc/lib.h>

#define LAST	10

void
umain(int argc, char **argv)
{
	envid_t other, from;
	uint32_t n;

	if ((other = fork()) < 0)
		panic("pingpong: fork: %e", other);
	if (other != 0) {
		// The parent serves first.
		cprintf("pingpong: %08x sends 0 to %08x\n", sys_getenvid(), other);
		ipc_send(other, 0, NULL, 0);
	}
	for (;;) {
		n = ipc_recv(&from, NULL, NULL);
		if (other && from != other)
			panic("pingpong: got %d from %08x, not %08x", n, from, other);
		other = from;
		cprintf("pingpong: %08x got %d from %08x\n", sys_getenvid(), n, from);
		if (n == LAST)
			break;
		ipc_send(other, n + 1, NULL, 0);
		if (n + 1 == LAST)
			break;
	}
	cprintf("pingpong: %08x done\n", sys_getenvid());
}
