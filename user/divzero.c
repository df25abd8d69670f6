// Divides by zero: a Divide error that kills only this environment.
// Written the plain way, with a global that is 0: user programs are built
// with -fnon-call-exceptions, so GCC keeps the division (lib/Makefrag).
#include <inc/lib.h>

int zero;

void
umain(int argc, char **argv)
{
	zero = 0;
	cprintf("divzero: dividing 1 by %d\n", zero);
	cprintf("divzero: 1/0 is %08x, the fault was missed!\n", 1 / zero);
}
