// A big array in the bss must read as zero everywhere, and be writable.
#include <inc/lib.h>

#define NWORDS (1024*1024)

uint32_t bigarray[NWORDS];

void
umain(int argc, char **argv)
{
	int i;

	cprintf("testbss: checking %d words of bss\n", NWORDS);
	for (i = 0; i < NWORDS; i++)
		if (bigarray[i] != 0)
			panic("testbss: bigarray[%d] is %08x, not zero", i, bigarray[i]);
	cprintf("testbss: bss reads as zero\n");

	for (i = 0; i < NWORDS; i++)
		bigarray[i] = i ^ 0x5a5a5a5a;
	for (i = 0; i < NWORDS; i++)
		if (bigarray[i] != (i ^ 0x5a5a5a5a))
			panic("testbss: bigarray[%d] is %08x after the write", i, bigarray[i]);
	cprintf("testbss: bss is writable, ok\n");

	// Past the end of the bss nothing is mapped: this must fault.
	cprintf("testbss: reading past the end of the bss\n");
	cprintf("testbss: read %08x past the end!\n", bigarray[NWORDS + 1024]);
}
