// Divides by zero: a Divide error that kills only this environment.
#include <inc/lib.h>

volatile int zero;
volatile int one = 1;

void
umain(int argc, char **argv)
{
	cprintf("divzero: dividing 1 by %d\n", zero);
	// Both operands volatile: the compiler cannot fold or skip the idiv.
	cprintf("divzero: 1/0 is %08x, the fault was missed!\n", one / zero);
}
