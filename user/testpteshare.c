// JOS lab 5's PTE_SHARE test: a PTE_SHARE page stays shared, writable,
// across fork and across spawn (not copied, as other writable pages are).
#include <inc/lib.h>

#define VA	((char *) 0xA0000000)

static const char msg[] = "hello, world\n";
static const char msg2[] = "goodbye, world\n";

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	// Run again by spawn below, with an argument: write the page, exit.
	if (argc > 1) {
		strcpy(VA, msg2);
		exit();
	}

	if ((r = sys_page_alloc(0, VA, PTE_P | PTE_W | PTE_U | PTE_SHARE)) < 0)
		panic("sys_page_alloc: %e", r);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		strcpy(VA, msg);
		exit();
	}
	wait(child);
	cprintf("fork handles PTE_SHARE %s\n", strcmp(VA, msg) == 0 ? "right" : "wrong");

	if ((child = spawnl("/testpteshare", "testpteshare", "arg", NULL)) < 0)
		panic("spawn: %e", child);
	wait(child);
	cprintf("spawn handles PTE_SHARE %s\n", strcmp(VA, msg2) == 0 ? "right" : "wrong");
}
