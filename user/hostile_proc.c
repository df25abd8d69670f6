// The process calls (SYS_exit, SYS_wait, SYS_exec, SYS_ipc_recv_from,
// SYS_pipe_wait, SYS_pipe_wake) as a hostile student calls them: bad ids
// (0, self, parent, dead, the file server), images that are not the
// caller's own or already run, statuses out of range, many waiters on one
// environment, sleepers whose pages are taken away. Each line says what
// came back; the kernel must neither panic nor leak.

#include <inc/lib.h>

#define SCRATCH		((void *) 0x10000000)

static envid_t
must_fork(void)
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	return id;
}

// Ends at once with status.
static envid_t
child_exit(int status)
{
	envid_t id = must_fork();

	if (id == 0)
		sys_exit(status);
	return id;
}

// Sleeps in ipc_recv until destroyed.
static envid_t
child_recv(void)
{
	envid_t id = must_fork();

	if (id == 0)
		for (;;)
			ipc_recv(NULL, NULL, NULL);
	return id;
}

// Whether child id falls asleep (ENV_NOT_RUNNABLE) within 100 of our
// turns. Turns it spends running on another CPU do not count: with
// several CPUs it runs beside us, not between our turns.
static bool
falls_asleep(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];
	int i;

	for (i = 0; i < 100 && e->env_status != ENV_NOT_RUNNABLE; ) {
		if (e->env_status != ENV_RUNNING)
			i++;
		sys_yield();
	}
	return e->env_status == ENV_NOT_RUNNABLE;
}

static void
exit_statuses(void)
{
	static const int in[] = { 256, -1, 0x10e, 0x200, 0x7fffffff, -256 };
	int i;

	for (i = 0; i < (int) ARRAY_SIZE(in); i++)
		cprintf("hostile_proc: exit(%#x) -> wait %#x\n", in[i], wait(child_exit(in[i])));
}

static void
bad_waits(envid_t fs)
{
	envid_t id, parent = thisenv->env_parent_id;
	int i, r;

	cprintf("hostile_proc: wait(kernel address as id) -> %e\n", sys_wait((envid_t) KERNBASE));
	cprintf("hostile_proc: wait(0x80000000) -> %e\n", sys_wait((envid_t) 0x80000000));
	// Twice the same dead child: the status both times.
	id = child_exit(5);
	r = wait(id);
	cprintf("hostile_proc: wait twice -> %d then %d\n", r, wait(id));
	// A child that waits for the file server, for its parent, for
	// itself: the first two block (destroyed), the last is refused.
	if ((id = must_fork()) == 0)
		sys_exit(sys_wait(fs) == -E_INVAL ? 1 : 2);
	cprintf("hostile_proc: child waiting for the file server: %s\n",
		falls_asleep(id) ? "asleep" : "awake");
	sys_env_destroy(id);
	cprintf("hostile_proc: ... destroyed -> %#x\n", wait(id));
	if ((id = must_fork()) == 0) {
		envid_t me = sys_getenvid();
		sys_exit(sys_wait(thisenv->env_parent_id) + sys_wait(me) + 100);
	}
	cprintf("hostile_proc: parent %s\n", parent ? "present" : "none");
	// 20 waiters on one environment, which then ends with 9.
	envid_t target = child_recv(), waiters[20];
	for (i = 0; i < 20; i++)
		if ((waiters[i] = must_fork()) == 0)
			sys_exit(sys_wait(target) == EXIT_DESTROYED);
	sys_yield();
	ipc_send(target, 0, NULL, 0);	// wakes it once; then kill it
	sys_env_destroy(target);
	for (r = 0, i = 0; i < 20; i++)
		r += wait(waiters[i]) == 1;
	cprintf("hostile_proc: %d of 20 waiters saw the destroyed status\n", r);
	// The child that waits for us: it is woken by our end (the test's
	// end), and so is never left behind.
	(void) id;
}

static void
bad_execs(envid_t fs)
{
	envid_t id, me = sys_getenvid();

	cprintf("hostile_proc: exec(0) -> %e\n", sys_exec(0));
	cprintf("hostile_proc: exec(self) -> %e\n", sys_exec(me));
	cprintf("hostile_proc: exec(file server) -> %e\n", sys_exec(fs));
	cprintf("hostile_proc: exec(-1) -> %e\n", sys_exec(-1));
	if (thisenv->env_parent_id)
		cprintf("hostile_proc: exec(parent) -> %e\n", sys_exec(thisenv->env_parent_id));
	id = child_exit(0);
	wait(id);
	cprintf("hostile_proc: exec(dead child) -> %e\n", sys_exec(id));
	// Runnable, and blocked in ipc_recv: not images.
	if ((id = must_fork()) == 0)
		for (;;)
			sys_yield();
	cprintf("hostile_proc: exec(running child) -> %e\n", sys_exec(id));
	sys_env_destroy(id);
	id = child_recv();
	sys_yield();
	cprintf("hostile_proc: exec(child in ipc_recv) -> %e\n", sys_exec(id));
	sys_env_destroy(id);
	// A grandchild: not ours.
	if ((id = must_fork()) == 0) {
		envid_t g = child_recv();
		ipc_send(thisenv->env_parent_id, g, NULL, 0);
		for (;;)
			sys_yield();
	}
	envid_t g = ipc_recv(NULL, NULL, NULL);
	cprintf("hostile_proc: exec(grandchild) -> %e\n", sys_exec(g));
	sys_env_destroy(id);
	// g is an orphan now; nobody may destroy it but the idle system.
}

// A forked child asleep in sys_wait (for a child of its own) is an
// image that was never prepared: taking it over must work like any
// other image, and its wait must not outlive it.
static void
exec_sleeper(void)
{
	envid_t id, me = sys_getenvid();
	int r;

	if ((id = must_fork()) == 0) {
		// Ours after the exec: it is the caller who runs on here.
		envid_t g = child_recv();
		r = sys_wait(g);
		if (sys_getenvid() == me) {
			cprintf("hostile_proc: took over a child asleep in wait: it returned %d\n", r);
			sys_env_destroy(g);
			exit();
		}
		cprintf("hostile_proc: the sleeper woke in its own right\n");
		exit();
	}
	while (envs[ENVX(id)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	sys_yield();
	r = sys_exec(id);
	cprintf("hostile_proc: exec of the sleeping child failed: %e\n", r);
	exit();
}

// Taking over an exofork child with nothing mapped: the caller's first
// instruction faults, and only it dies.
static void
exec_empty(void)
{
	envid_t id = sys_exofork();

	if (id < 0)
		panic("exofork: %e", id);
	if (id == 0)
		exit();		// never runs: it has no pages
	cprintf("hostile_proc: exec of an empty image...\n");
	sys_exec(id);
	cprintf("hostile_proc: survived an empty image\n");
	exit();
}

static void
bad_recv_from(envid_t fs)
{
	envid_t id;

	cprintf("hostile_proc: recv_from(0) -> %e\n", sys_ipc_recv_from(0, SCRATCH));
	cprintf("hostile_proc: recv_from(self) -> %e\n", sys_ipc_recv_from(sys_getenvid(), SCRATCH));
	cprintf("hostile_proc: recv_from(-5) -> %e\n", sys_ipc_recv_from(-5, SCRATCH));
	cprintf("hostile_proc: recv_from(fs, unaligned) -> %e\n",
		sys_ipc_recv_from(fs, (void *) 0x10000004));
	cprintf("hostile_proc: recv_from(fs, below UMMAPMIN) -> %e\n",
		sys_ipc_recv_from(fs, (void *) 0x1000));
	id = child_exit(0);
	wait(id);
	cprintf("hostile_proc: recv_from(dead) -> %e\n", sys_ipc_recv_from(id, SCRATCH));
	// One that dies while we wait; one that execs keeps its id.
	if ((id = must_fork()) == 0) {
		sys_yield();
		sys_yield();
		sys_exit(1);
	}
	cprintf("hostile_proc: recv_from(child that exits) -> %e\n",
		sys_ipc_recv_from(id, SCRATCH));
	// Somebody else (b) sends: refused, we keep waiting for the one
	// named (a), whose value then comes once b is gone. Each waits for
	// what it needs to see, not for a number of turns: with several CPUs
	// the others run beside it, not between its turns.
	envid_t a, b;
	if ((b = must_fork()) == 0) {
		envid_t p = thisenv->env_parent_id;
		int r;
		while (envs[ENVX(p)].env_status != ENV_NOT_RUNNABLE)
			sys_yield();
		r = sys_ipc_try_send(p, 1, NULL, 0);
		cprintf("hostile_proc: a stranger's send -> %e\n", r);
		sys_exit(0);
	}
	if ((a = must_fork()) == 0) {
		while (envs[ENVX(b)].env_id == b && envs[ENVX(b)].env_status != ENV_FREE)
			sys_yield();
		ipc_send(thisenv->env_parent_id, 7, NULL, 0);
		exit();
	}
	int r = sys_ipc_recv_from(a, SCRATCH);
	cprintf("hostile_proc: recv_from(the one named) -> %d, value %d\n",
		r, thisenv->env_ipc_value);
	wait(b);
	wait(a);
	if ((a = must_fork()) == 0) {
		sys_yield();
		*(volatile int *) KERNBASE = 1;
	}
	cprintf("hostile_proc: recv_from(killed by a fault while we wait) -> %e\n",
		sys_ipc_recv_from(a, SCRATCH));
}

// pipe_wait on pages that are not pipes; a sleeper whose word page its
// parent unmaps; pipe_wake from strangers.
// A child asleep on the word at w, with a descriptor page of its own at
// fdp: the word's page has more mappings than that one.
static envid_t
sleeper(uint32_t *w, void *fdp)
{
	envid_t id = must_fork();

	if (id == 0) {
		sys_page_alloc(0, fdp, PTE_P | PTE_U | PTE_W);
		sys_exit(sys_pipe_wait(w, 0, fdp) == 0 ? 3 : 4);
	}
	if (!falls_asleep(id)) {
		cprintf("hostile_proc: the sleeper did not sleep: %d\n", wait(id));
		return -1;
	}
	return id;
}

static void
bad_pipe_waits(void)
{
	uint32_t *w = SCRATCH, *fdp = (uint32_t *) ((char *) SCRATCH + PGSIZE);
	envid_t id;

	cprintf("hostile_proc: pipe_wait(word above UTOP) -> %e\n",
		sys_pipe_wait((uint32_t *) UTOP, 0, SCRATCH));
	cprintf("hostile_proc: pipe_wait(envs[]) -> %e\n",
		sys_pipe_wait((uint32_t *) UENVS, 0, SCRATCH));
	sys_page_alloc(0, w, PTE_P | PTE_U | PTE_W);
	sys_page_alloc(0, fdp, PTE_P | PTE_U | PTE_W);
	cprintf("hostile_proc: pipe_wait(word straddling) -> %e\n",
		sys_pipe_wait((uint32_t *) ((char *) SCRATCH + PGSIZE - 2), 0, fdp));
	cprintf("hostile_proc: pipe_wait(same page twice) -> %d\n", sys_pipe_wait(w, 0, w));
	cprintf("hostile_proc: pipe_wait(only ours) -> %d\n", sys_pipe_wait(w, 0, fdp));
	cprintf("hostile_proc: pipe_wait(fd in the kernel) -> %e\n",
		sys_pipe_wait(w, 0, (void *) KERNBASE));
	cprintf("hostile_proc: pipe_wake(kernel) -> %e\n", sys_pipe_wake((void *) KERNBASE));
	cprintf("hostile_proc: pipe_wake(text) -> %d\n", sys_pipe_wake((void *) umain));
	// A child shares the word page (a fork copies it copy-on-write:
	// share it instead) and sleeps on it; we take the page away.
	sys_page_map(0, w, 0, w, PTE_P | PTE_U | PTE_W | PTE_SHARE);
	if ((id = sleeper(w, fdp)) < 0)
		return;
	sys_page_unmap(id, w);
	cprintf("hostile_proc: sleeper whose word page went -> %d\n", wait(id));
	// The same, its descriptor page taken instead: it may sleep on; we
	// wake it by name.
	if ((id = sleeper(w, fdp)) < 0)
		return;
	sys_page_unmap(id, fdp);
	sys_pipe_wake(w);
	cprintf("hostile_proc: sleeper whose fd page went, woken -> %d\n", wait(id));
	sys_page_unmap(0, w);
	sys_page_unmap(0, fdp);
}

void
umain(int argc, char **argv)
{
	envid_t fs = ipc_find_env(ENV_TYPE_FS);

	if (argc > 1 && strcmp(argv[1], "sleeper") == 0)
		exec_sleeper();
	if (argc > 1 && strcmp(argv[1], "empty") == 0)
		exec_empty();
	cprintf("hostile_proc: file server %08x\n", fs);
	exit_statuses();
	bad_waits(fs);
	bad_execs(fs);
	bad_recv_from(fs);
	bad_pipe_waits();
	cprintf("hostile_proc: done\n");
}
