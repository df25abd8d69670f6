// Copy-on-write fork, watched from user space through uvpt[] and pages[]:
//  - after fork() a page written before is PTE_COW and not PTE_W, in parent
//    and child, at the same physical address, referenced twice;
//  - the child's write gives the child a writable copy at a new physical
//    address, while the parent keeps its value;
//  - a page nobody writes after fork is never copied;
//  - a read-only page (text) is shared as it is, without PTE_COW;
//  - a PTE_SHARE page stays shared and writable in both;
//  - mapping a copy-on-write page writable elsewhere (sys_page_map) copies
//    it first, just as a write would have.
#include <inc/lib.h>

#define SHARED	((char *) 0x10000000)
#define ALIAS	((char *) 0x10001000)

static char data[PGSIZE] __attribute__((aligned(PGSIZE)));
static char untouched[PGSIZE] __attribute__((aligned(PGSIZE)));
static char remapped[PGSIZE] __attribute__((aligned(PGSIZE)));

static physaddr_t pa_data, pa_untouched, pa_text, pa_shared, pa_remapped;

static pte_t
pte(const void *va)
{
	return uvpt[PGNUM(va)];
}

static int
refs(physaddr_t pa)
{
	return pages[PGNUM(pa)].pp_ref;
}

static void
fail(const char *who, const char *what, const void *va)
{
	panic("cowcheck: %s: %s (va %08x, pte %08x)", who, what,
	      (unsigned) va, pte(va));
}

// What parent and child both see right after fork, before anyone writes.
static void
check_after_fork(const char *who)
{
	pte_t p = pte(data);

	if (!(p & PTE_COW) || (p & PTE_W))
		fail(who, "the data page is not PTE_COW and read-only", data);
	if (PTE_ADDR(p) != pa_data)
		fail(who, "the data page moved before anyone wrote it", data);
	cprintf("cowcheck: %s: data page is PTE_COW, not PTE_W, still at pa %08x, ok\n",
		who, pa_data);

	p = pte(umain);
	if ((p & (PTE_W | PTE_COW)) || PTE_ADDR(p) != pa_text)
		fail(who, "the text page is not shared read-only", umain);
	cprintf("cowcheck: %s: text page shared read-only at pa %08x, ok\n", who, pa_text);

	p = pte(SHARED);
	if (!(p & PTE_W) || !(p & PTE_SHARE) || (p & PTE_COW) || PTE_ADDR(p) != pa_shared)
		fail(who, "the PTE_SHARE page is not shared writable", SHARED);
	cprintf("cowcheck: %s: PTE_SHARE page shared writable at pa %08x, ok\n", who, pa_shared);
}

static void
child(envid_t parent)
{
	pte_t p;

	check_after_fork("child");
	// Wait until the parent has checked the page's references too.
	ipc_recv(NULL, NULL, NULL);

	strcpy(data, "the child's value");
	p = pte(data);
	if (!(p & PTE_W) || (p & PTE_COW))
		fail("child", "the written page is not writable", data);
	if (PTE_ADDR(p) == pa_data)
		fail("child", "the written page was not copied", data);
	cprintf("cowcheck: child: after its write the data page is writable at new pa %08x, ok\n",
		PTE_ADDR(p));

	p = pte(untouched);
	if (PTE_ADDR(p) != pa_untouched || !(p & PTE_COW))
		fail("child", "the page nobody wrote was copied", untouched);
	if (strcmp(untouched, "written once, before fork") != 0)
		fail("child", "the untouched page lost its contents", untouched);
	cprintf("cowcheck: child: the untouched page is still at pa %08x, ok\n", pa_untouched);

	// The parent mapped its copy of `remapped` writable elsewhere: that
	// must have copied the page for the parent, and left ours alone.
	if (strcmp(remapped, "remapped, before fork") != 0 || PTE_ADDR(pte(remapped)) != pa_remapped)
		fail("child", "the parent's writable mapping changed our page", remapped);
	cprintf("cowcheck: child: the page the parent remapped is untouched here, ok\n");

	strcpy(SHARED, "the child wrote the shared page");
	if (PTE_ADDR(pte(SHARED)) != pa_shared)
		fail("child", "writing the PTE_SHARE page moved it", SHARED);
	ipc_send(parent, 1, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t who, parent = sys_getenvid();
	pte_t p;
	int r;

	strcpy(data, "the parent's value");
	strcpy(untouched, "written once, before fork");
	strcpy(remapped, "remapped, before fork");
	if ((r = sys_page_alloc(0, SHARED, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("cowcheck: sys_page_alloc: %e", r);
	strcpy(SHARED, "nobody wrote the shared page");

	if (!(pte(data) & PTE_W) || (pte(data) & PTE_COW))
		fail("parent", "the data page is not plain writable before fork", data);
	pa_data = PTE_ADDR(pte(data));
	pa_untouched = PTE_ADDR(pte(untouched));
	pa_text = PTE_ADDR(pte(umain));
	pa_shared = PTE_ADDR(pte(SHARED));
	pa_remapped = PTE_ADDR(pte(remapped));
	cprintf("cowcheck: before fork: data page writable at pa %08x\n", pa_data);

	if ((who = fork()) < 0)
		panic("cowcheck: fork: %e", who);
	if (who == 0) {
		child(parent);
		return;
	}

	check_after_fork("parent");
	if (refs(pa_data) != 2)
		panic("cowcheck: the data page has %d references, not 2", refs(pa_data));
	cprintf("cowcheck: parent: the data page has 2 references, ok\n");

	// A writable mapping of a copy-on-write page: as if we had written it.
	if ((r = sys_page_map(0, remapped, 0, ALIAS, PTE_P | PTE_U | PTE_W)) < 0)
		panic("cowcheck: sys_page_map of a PTE_COW page, writable: %e", r);
	p = pte(remapped);
	if (!(p & PTE_W) || (p & PTE_COW) || PTE_ADDR(p) == pa_remapped ||
	    PTE_ADDR(p) != PTE_ADDR(pte(ALIAS)))
		fail("parent", "mapping a PTE_COW page writable did not copy it first", remapped);
	strcpy(ALIAS, "written through the alias");
	if (strcmp(remapped, "written through the alias") != 0)
		fail("parent", "a write through the alias is not visible", remapped);
	cprintf("cowcheck: parent: mapping a PTE_COW page writable copied it first, ok\n");

	// Let the child write, and wait until it has.
	ipc_send(who, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);

	if (strcmp(data, "the parent's value") != 0)
		fail("parent", "the child's write is visible in the parent", data);
	if (PTE_ADDR(pte(data)) != pa_data || refs(pa_data) != 1)
		fail("parent", "the parent's page moved or is still shared", data);
	cprintf("cowcheck: parent: still reads \"%s\" at pa %08x, 1 reference, ok\n",
		data, pa_data);
	if (PTE_ADDR(pte(untouched)) != pa_untouched)
		fail("parent", "the untouched page was copied", untouched);
	cprintf("cowcheck: parent: the untouched page is still at pa %08x, ok\n", pa_untouched);
	if (strcmp(SHARED, "the child wrote the shared page") != 0)
		fail("parent", "the child's write to the PTE_SHARE page is not visible", SHARED);
	cprintf("cowcheck: parent: sees the child's write in the PTE_SHARE page, ok\n");

	// Now the only holder: writing it needs no copy.
	strcpy(data, "the parent wrote too");
	p = pte(data);
	if (!(p & PTE_W) || (p & PTE_COW))
		fail("parent", "the written page is not writable", data);
	cprintf("cowcheck: parent: its own write made the page writable %s\n",
		PTE_ADDR(p) == pa_data ? "in place" : "with a copy");
	cprintf("cowcheck: all checks passed\n");
}
