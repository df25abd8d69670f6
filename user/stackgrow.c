// The user stack grows on demand: recursion with 1000-byte frames, 900
// deep, about 900 KiB of stack. At the bottom we fork(): parent and child
// both check every frame of the grown stack, overwrite it with values of
// their own, let the other run, check their own values again, and finally
// check them once more while returning from every frame.
#include <inc/lib.h>

#define DEPTH		900
#define FRAME_BYTES	1000

static volatile char *frames[DEPTH];
static const char *side;
static int bad;

static char
original(int depth, int i)
{
	return (char) (depth * 31 + i);
}

static char
own(int depth, int i)
{
	return (char) (depth * 7 + i + (side[0] == 'p' ? 1 : 2));
}

static void
check_frames(char (*want)(int, int), const char *what)
{
	int d, i;

	for (d = 0; d < DEPTH; d++)
		for (i = 0; i < FRAME_BYTES; i++)
			if (frames[d][i] != want(d, i)) {
				panic("stackgrow: %s: frame %d byte %d is %02x, not %02x (%s)",
				      side, d, i, frames[d][i] & 0xff, want(d, i) & 0xff, what);
			}
}

static void
at_bottom(void)
{
	envid_t child;
	int d, i;

	cprintf("stackgrow: %d frames, deepest at %08x: %d KiB of stack\n",
		DEPTH, (unsigned) frames[DEPTH - 1], (USTACKTOP - (uintptr_t) frames[DEPTH - 1]) / 1024);
	if ((child = fork()) < 0)
		panic("stackgrow: fork: %e", child);
	side = child ? "parent" : "child";

	check_frames(original, "after fork");
	cprintf("stackgrow: %s: all %d frames intact after fork, ok\n", side, DEPTH);

	for (d = 0; d < DEPTH; d++)
		for (i = 0; i < FRAME_BYTES; i++)
			frames[d][i] = own(d, i);
	sys_yield();
	sys_yield();
	check_frames(own, "after writing");
	cprintf("stackgrow: %s: its own writes to the grown stack read back, ok\n", side);
}

static void
descend(int depth)
{
	volatile char buf[FRAME_BYTES];
	int i;

	for (i = 0; i < FRAME_BYTES; i++)
		buf[i] = original(depth, i);
	frames[depth] = buf;
	if (depth + 1 < DEPTH)
		descend(depth + 1);
	else
		at_bottom();
	for (i = 0; i < FRAME_BYTES; i++)
		if (buf[i] != own(depth, i))
			bad++;
}

// The lowest page of the stack region is not there yet; mapping it
// elsewhere must grow it, as a write would. The guard page below it
// cannot be mapped.
#define SCRATCH		((char *) 0x10000000)
#define STACK_BOTTOM	(USTACKTOP - USTACKSIZE)

static void
map_stack_pages(void)
{
	int r, i;

	if ((uvpd[PDX(STACK_BOTTOM)] & PTE_P) && (uvpt[PGNUM(STACK_BOTTOM)] & PTE_P))
		panic("stackgrow: the bottom stack page is already there");
	if ((r = sys_page_map(0, (void *) STACK_BOTTOM, 0, SCRATCH, PTE_P | PTE_U | PTE_W)) < 0)
		panic("stackgrow: mapping the not-yet-grown stack page %08x: %e", STACK_BOTTOM, r);
	for (i = 0; i < PGSIZE; i++)
		if (SCRATCH[i] != 0)
			panic("stackgrow: the grown stack page is not zeroed");
	SCRATCH[0] = 42;
	if (*(volatile char *) STACK_BOTTOM != 42)
		panic("stackgrow: the stack page and its alias differ");
	*(volatile char *) STACK_BOTTOM = 0;
	cprintf("stackgrow: mapping a not-yet-grown stack page grew it, ok\n");

	r = sys_page_map(0, (void *) (STACK_BOTTOM - PGSIZE), 0, SCRATCH, PTE_P | PTE_U);
	if (r != -E_INVAL)
		panic("stackgrow: mapping the guard page gave %e, not -E_INVAL", r);
	cprintf("stackgrow: the guard page below it cannot be mapped, ok\n");
	sys_page_unmap(0, SCRATCH);
}

void
umain(int argc, char **argv)
{
	map_stack_pages();
	descend(0);
	if (bad)
		panic("stackgrow: %s: %d bytes wrong while returning", side, bad);
	cprintf("stackgrow: %s: returned through all %d frames, ok\n", side, DEPTH);
}
