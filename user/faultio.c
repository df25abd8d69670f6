// I/O ports belong to the file server alone: anyone else's in or out is a
// general-protection fault that kills it.

#include <inc/lib.h>
#include <inc/x86.h>

void
umain(int argc, char **argv)
{
	if (read_eflags() & FL_IOPL_MASK)
		panic("faultio: I/O privilege level %d, want 0",
		      (read_eflags() & FL_IOPL_MASK) >> 12);
	cprintf("faultio: selecting disk 1\n");
	outb(0x1F6, 0xF0);
	panic("faultio: outb did not fault");
}
