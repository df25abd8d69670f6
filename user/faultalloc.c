// A page-fault handler that allocates the missing page and resumes the
// faulting instruction. At 0xcafebffe the handler's own write runs into the
// next page, so the handler faults again while on the exception stack.
// Last, a forked child takes a fault of its own: its exception stack is a
// copy-on-write page inherited from us.
#include <inc/lib.h>

static int nfaults;

static void
handler(struct UTrapframe *utf)
{
	char *va = (char *) utf->utf_fault_va;
	int r;

	// Only the far-away addresses of this test may fault: anything else
	// (our own program, the stacks) means something is broken.
	if ((uintptr_t) va < 0x10000000 || (uintptr_t) va >= USTACKTOP - USTACKSIZE)
		panic("faultalloc: unexpected fault at %08x, eip %08x, err %x",
		      (unsigned) va, utf->utf_eip, utf->utf_err);
	nfaults++;
	cprintf("faultalloc: fault at %08x, allocating %08x\n",
		(unsigned) va, (unsigned) ROUNDDOWN(va, PGSIZE));
	if ((r = sys_page_alloc(0, ROUNDDOWN(va, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("faultalloc: sys_page_alloc: %e", r);
	// 64 bytes from va: at 0xcafebffe this crosses into 0xcafec000.
	snprintf(va, 64, "this string was written by the handler at %08x", (unsigned) va);
}

static void
check(const char *va, int faults_before, int expected)
{
	char want[64];

	snprintf(want, sizeof(want), "this string was written by the handler at %08x", (unsigned) va);
	cprintf("faultalloc: %s\n", va);
	if (strcmp(va, want) != 0)
		panic("faultalloc: wrong string at %08x", (unsigned) va);
	if (nfaults - faults_before != expected)
		panic("faultalloc: %d faults at %08x, expected %d",
		      nfaults - faults_before, (unsigned) va, expected);
	cprintf("faultalloc: %08x: handler ran %s, ok\n", (unsigned) va,
		expected == 1 ? "once" : "twice");
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int n;

	set_pgfault_handler(handler);

	n = nfaults;
	check((char *) 0xdeadbeef, n, 1);

	n = nfaults;
	check((char *) 0xcafebffe, n, 2);

	if ((child = fork()) < 0)
		panic("faultalloc: fork: %e", child);
	if (child == 0) {
		n = nfaults;
		check((char *) 0xbeefcafe, n, 1);
		cprintf("faultalloc: child's handler works, ok\n");
		return;
	}
	// The parent never touched 0xbeefcafe: still unmapped here.
	if (uvpd[PDX(0xbeefcafe)] & PTE_P && uvpt[PGNUM(0xbeefcafe)] & PTE_P)
		panic("faultalloc: the child's page appeared in the parent");
}
