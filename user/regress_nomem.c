// Regression: running out of memory is reported as such. With every page
// taken, calls with good arguments that need a page to copy a copy-on-write
// page or to grow the stack fail with -E_NO_MEM (they said -E_INVAL), and
// an environment the kernel kills because it found no page (to push a
// page-fault frame on a copy-on-write exception stack, or to grow the stack
// under a sys_cputs buffer) is told it is out of memory, not that its
// pointer was bad.

#include <inc/lib.h>

#define COWVA	0x10000000	// a page written before fork: copy-on-write
#define HOG	0x20000000	// where all free memory goes
#define NSPARE	4
#define RECVVA	0x30000000	// where the receiving child wants its page
#define UNGROWN	(USTACKTOP - USTACKSIZE)	// a stack page nobody grew

extern char end[];

static uint32_t nhog, nspare;
static int failures;

// Write a few pages of stack, so that this environment owns them and can
// call what it needs once memory is gone.
static void
touch_stack(void)
{
	volatile char buf[3 * PGSIZE];
	int i;

	for (i = 0; i < (int) sizeof(buf); i += 512)
		buf[i] = 0;
}

// Write every copy-on-write page of data and bss: after fork they are
// shared, and a first write then would need a page.
static void
own_data(void)
{
	uintptr_t va;

	for (va = UTEXT; va < (uintptr_t) end; va += PGSIZE)
		if ((uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_COW))
			*(volatile char *) va = *(volatile char *) va;
}

// Take every free page. The last failure may be for want of a page table
// with one page still free: a spare slot, whose table exists, takes it.
static void
hog(void)
{
	while (sys_page_alloc(0, (void *) (HOG + (NSPARE + nhog) * PGSIZE), PTE_P | PTE_U) == 0)
		nhog++;
	while (nspare < NSPARE && sys_page_alloc(0, (void *) (HOG + nspare * PGSIZE), PTE_P | PTE_U) == 0)
		nspare++;
	if (nspare == NSPARE)
		panic("out of spare slots");
}

static void
release(void)
{
	uint32_t i;

	for (i = 0; i < NSPARE + nhog; i++)
		sys_page_unmap(0, (void *) (HOG + i * PGSIZE));
}

static void
expect(const char *what, int r, int want)
{
	if (r == want)
		cprintf("regress_nomem: %s: %e\n", what, r);
	else {
		cprintf("regress_nomem: FAILED: %s: %e, not %e\n", what, r, want);
		failures++;
	}
}

static bool
alive(envid_t id)
{
	return envs[ENVX(id)].env_id == id && envs[ENVX(id)].env_status != ENV_FREE;
}

// A child that readies itself, stops, and once set running again does
// what `act` says.
static envid_t
child(void (*act)(void))
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		touch_stack();
		sys_env_set_status(0, ENV_NOT_RUNNABLE);
		act();
		cprintf("regress_nomem: FAILED: [%08x] survived\n", thisenv->env_id);
		exit();
	}
	while (envs[ENVX(id)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	return id;
}

static void
fault(void)
{
	// Not resolvable: the kernel pushes a frame on the exception stack,
	// which is copy-on-write.
	USED(*(volatile int *) 0);
}

static void
print_from_ungrown_stack(void)
{
	sys_cputs((const char *) UNGROWN, 16);
}

static void
receive(void)
{
	sys_ipc_recv((void *) RECVVA);
}

static void
handler(struct UTrapframe *utf)
{
	cprintf("regress_nomem: FAILED: the handler ran\n");
	exit();
}

static void
run_until_dead(envid_t id)
{
	sys_env_set_status(id, ENV_RUNNABLE);
	while (alive(id))
		sys_yield();
}

void
umain(int argc, char **argv)
{
	envid_t faulter, printer, receiver;
	const int rw = PTE_P | PTE_U | PTE_W;

	set_pgfault_handler(handler);
	if (sys_page_alloc(0, (void *) COWVA, rw) < 0)
		panic("sys_page_alloc");
	*(volatile int *) COWVA = 1;
	faulter = child(fault);
	printer = child(print_from_ungrown_stack);
	receiver = child(receive);
	sys_env_set_status(receiver, ENV_RUNNABLE);
	while (!envs[ENVX(receiver)].env_ipc_recving)
		sys_yield();

	own_data();
	touch_stack();
	hog();
	cprintf("regress_nomem: memory exhausted (%u pages)\n", nhog + nspare);

	expect("sys_page_map of a copy-on-write page, writable",
	       sys_page_map(0, (void *) COWVA, 0, (void *) (COWVA + PGSIZE), rw), -E_NO_MEM);
	expect("sys_page_map of a stack page not grown",
	       sys_page_map(0, (void *) UNGROWN, 0, (void *) (COWVA + PGSIZE), PTE_P | PTE_U), -E_NO_MEM);
	expect("sys_ipc_try_send of a copy-on-write page, writable",
	       sys_ipc_try_send(receiver, 1, (void *) COWVA, rw), -E_NO_MEM);
	expect("sys_ipc_try_send of a stack page not grown",
	       sys_ipc_try_send(receiver, 1, (void *) UNGROWN, PTE_P | PTE_U), -E_NO_MEM);
	expect("sys_page_map of nothing (still)",
	       sys_page_map(0, (void *) (COWVA + 8 * PGSIZE), 0, (void *) (COWVA + PGSIZE), rw), -E_INVAL);

	run_until_dead(faulter);
	hog();
	run_until_dead(printer);
	release();
	sys_env_destroy(receiver);
	if (failures == 0)
		cprintf("regress_nomem: ok\n");
}
