// Nothing may be mapped below UMMAPMIN (inc/memlayout.h): every call that
// maps refuses it with -E_INVAL, for the caller and for its children
// alike, and UMMAPMIN itself is the first address that works. (ELF
// segments below it: the monitor's elfcheck.)

#include <inc/lib.h>

#define PERM	(PTE_P | PTE_U | PTE_W)

static int failures;

static void
expect(const char *what, uintptr_t va, int r, int want)
{
	if (r == want && r == 0)
		cprintf("regress_ummapmin: %s at %08x: 0\n", what, va);
	else if (r == want)
		cprintf("regress_ummapmin: %s at %08x: %e\n", what, va, r);
	else {
		cprintf("regress_ummapmin: FAILED: %s at %08x returned %e, not %e\n",
			what, va, r, want);
		failures++;
	}
}

void
umain(int argc, char **argv)
{
	static const uintptr_t low[] = { 0, PGSIZE, 0xA0000, 0x100000, UMMAPMIN - PGSIZE };
	envid_t child;
	int i;

	if (sys_page_alloc(0, UTEMP, PERM) < 0)
		panic("sys_page_alloc at UTEMP failed");
	if ((child = sys_exofork()) < 0)
		panic("sys_exofork: %e", child);
	if (child == 0)
		return;		// never made runnable

	for (i = 0; i < (int) ARRAY_SIZE(low); i++) {
		void *va = (void *) low[i];
		expect("sys_page_alloc", low[i], sys_page_alloc(0, va, PERM), -E_INVAL);
		expect("sys_page_alloc in a child", low[i], sys_page_alloc(child, va, PERM), -E_INVAL);
		expect("sys_page_map", low[i], sys_page_map(0, UTEMP, 0, va, PERM), -E_INVAL);
		expect("sys_page_map to a child", low[i], sys_page_map(0, UTEMP, child, va, PERM), -E_INVAL);
		expect("sys_ipc_recv", low[i], sys_ipc_recv(va), -E_INVAL);
		// Nothing is ever there, so unmapping does nothing and succeeds.
		expect("sys_page_unmap", low[i], sys_page_unmap(0, va), 0);
	}
	expect("sys_page_alloc", UMMAPMIN, sys_page_alloc(0, (void *) UMMAPMIN, PERM), 0);
	expect("sys_page_map", UMMAPMIN + PGSIZE,
	       sys_page_map(0, (void *) UMMAPMIN, 0, (void *) (UMMAPMIN + PGSIZE), PERM), 0);
	sys_page_unmap(0, (void *) UMMAPMIN);
	sys_page_unmap(0, (void *) (UMMAPMIN + PGSIZE));
	sys_page_unmap(0, UTEMP);
	sys_env_destroy(child);
	if (failures == 0)
		cprintf("regress_ummapmin: ok\n");
}
