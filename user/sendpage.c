// Pages through IPC. The parent sends the child a page holding a message;
// the child reads it, writes its reply into the same page (the parent sees
// the reply: one physical page, two mappings) and then sends back a page of
// its own, which the parent receives at another address and reads.
#include <inc/lib.h>

#define PARENT_PAGE	((char *) 0x10000000)	// the parent's page, sent
#define CHILD_RECV	((char *) 0x20000000)	// where the child receives it
#define CHILD_PAGE	((char *) 0x30000000)	// the child's own page, sent back
#define PARENT_RECV	((char *) 0x40000000)	// where the parent receives it

static const char hello[] = "hello from the parent, through a shared page";
static const char reply[] = "the child read it";
static const char second[] = "and here is a page from the child";

void
umain(int argc, char **argv)
{
	envid_t child, from;
	int perm, r;
	uint32_t v;

	if ((child = fork()) < 0)
		panic("sendpage: fork: %e", child);

	if (child == 0) {
		v = ipc_recv(&from, CHILD_RECV, &perm);
		if (!(perm & PTE_P) || !(uvpt[PGNUM(CHILD_RECV)] & PTE_P))
			panic("sendpage: child: no page came (perm %x)", perm);
		cprintf("sendpage: child got value %d and a page (perm %x): \"%s\"\n",
			v, perm & PTE_SYSCALL, CHILD_RECV);
		if (strcmp(CHILD_RECV, hello) != 0)
			panic("sendpage: child: wrong message");
		strcpy(CHILD_RECV + PGSIZE / 2, reply);

		if ((r = sys_page_alloc(0, CHILD_PAGE, PTE_P | PTE_U | PTE_W)) < 0)
			panic("sendpage: child: sys_page_alloc: %e", r);
		strcpy(CHILD_PAGE, second);
		ipc_send(from, 2, CHILD_PAGE, PTE_P | PTE_U);
		return;
	}

	if ((r = sys_page_alloc(0, PARENT_PAGE, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sendpage: sys_page_alloc: %e", r);
	strcpy(PARENT_PAGE, hello);
	ipc_send(child, 1, PARENT_PAGE, PTE_P | PTE_U | PTE_W);

	v = ipc_recv(&from, PARENT_RECV, &perm);
	if (from != child || v != 2 || !(perm & PTE_P))
		panic("sendpage: got %d from %08x, perm %x", v, from, perm);
	// The child's reply was written into the page we sent: it is ours too.
	if (strcmp(PARENT_PAGE + PGSIZE / 2, reply) != 0)
		panic("sendpage: the child's reply is not in our page");
	cprintf("sendpage: parent sees the child's reply: \"%s\", ok\n", PARENT_PAGE + PGSIZE / 2);
	cprintf("sendpage: parent got value %d and a page (perm %x): \"%s\"\n",
		v, perm & PTE_SYSCALL, PARENT_RECV);
	if (strcmp(PARENT_RECV, second) != 0)
		panic("sendpage: wrong message from the child");
	// It was sent read-only: mapped here without PTE_W.
	if (uvpt[PGNUM(PARENT_RECV)] & PTE_W)
		panic("sendpage: the read-only page arrived writable");
	if (PTE_ADDR(uvpt[PGNUM(PARENT_RECV)]) == PTE_ADDR(uvpt[PGNUM(PARENT_PAGE)]))
		panic("sendpage: the child's page is our own page");
	cprintf("sendpage: both pages went through, ok\n");
}
