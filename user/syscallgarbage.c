// Every system call number, and a few past the end of the table, with
// garbage in all five argument registers. Each call runs in a child of its
// own, because some garbage legitimately kills the caller (a bad pointer)
// or blocks it forever (sys_ipc_recv); the parent reaps or destroys each
// child and goes on. The kernel must survive all of it and lose no page.
#include <inc/lib.h>

#define NPATTERNS	9
#define LAST_NUM	(NSYSCALLS + 5)

// A page of garbage for the patterns that pass a valid user pointer.
static uint32_t garbage_page[PGSIZE / 4] __attribute__((aligned(PGSIZE)));

static uint32_t seed = 0x2545f491;

static uint32_t
rand32(void)
{
	seed = seed * 1664525 + 1013904223;
	return seed ^ (seed >> 13);
}

static void
make_args(int pattern, envid_t parent, uint32_t a[5])
{
	int i;

	for (i = 0; i < 5; i++) {
		switch (pattern) {
		case 0:	a[i] = 0; break;			// envid 0 is "me"
		case 1:	a[i] = 0xffffffff; break;
		case 2:	a[i] = 0xf0100000 + i * 0x1000; break;	// kernel
		case 3:	a[i] = i ? (uint32_t) garbage_page : 0; break;
		case 4:	a[i] = i ? (uint32_t) garbage_page : (uint32_t) parent; break;
		case 5:	a[i] = UTOP - PGSIZE + i; break;
		case 6:	{	// plausible: me, my page, me, UTEMP, PTE_P|PTE_U|PTE_W
			static const uint32_t ok[5] = { 0, (uint32_t) garbage_page, 0, (uint32_t) UTEMP, 7 };
			a[i] = ok[i];
			break;
		}
		default: a[i] = rand32(); break;
		}
	}
}

static int32_t
raw_syscall(uint32_t num, uint32_t a[5])
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a" (ret)
		     : "i" (T_SYSCALL), "a" (num),
		       "d" (a[0]), "c" (a[1]), "b" (a[2]), "D" (a[3]), "S" (a[4])
		     : "cc", "memory");
	return ret;
}

// Give the child a while to finish; destroy it if it is stuck (blocked in
// sys_ipc_recv, or stopped by its own garbage).
static void
reap(envid_t child)
{
	const volatile struct Env *e = &envs[ENVX(child)];
	int i;

	for (i = 0; i < 200; ) {
		if (e->env_id != child || e->env_status == ENV_FREE)
			return;
		// Running on another CPU, it is getting on: not counted.
		if (e->env_status != ENV_RUNNING)
			i++;
		sys_yield();
	}
	cprintf("syscallgarbage: child %08x is stuck, destroying it\n", child);
	if (sys_env_destroy(child) < 0)
		panic("syscallgarbage: cannot destroy %08x", child);
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid(), child;
	uint32_t num, a[5];
	int pattern, i;

	for (i = 0; i < PGSIZE / 4; i++)
		garbage_page[i] = rand32();

	for (num = 0; num <= LAST_NUM; num++) {
		for (pattern = 0; pattern < NPATTERNS; pattern++) {
			make_args(pattern, parent, a);
			if ((child = fork()) < 0)
				panic("syscallgarbage: fork: %e", child);
			if (child == 0) {
				int32_t r = raw_syscall(num, a);
				cprintf("syscallgarbage: call %d%s pattern %d returned %d\n",
					num, num < NSYSCALLS ? "" : " (out of range)", pattern, r);
				exit();
			}
			reap(child);
		}
	}
	cprintf("syscallgarbage: %d calls with garbage arguments, kernel alive\n",
		(LAST_NUM + 1) * NPATTERNS);
}
