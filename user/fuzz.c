// A system-call fuzzer: hostile user code that the kernel must survive.
//
//	fuzz [int|sysenter] [SEED [COUNT [WORKERS [SLOT GEN]]]]
//
// Calls go into the kernel by int $0x30 or by sysenter (README.md, "Two
// ways into the kernel"), each call either way at random, or all by the
// one way named first. Through sysenter a call's fifth argument is the
// return address, which the kernel finds in %esi. Among the faults on
// purpose are sysenters with hostile registers and flags: a return
// address or stack in the kernel, unmapped or at random, NT, DF, AC, TF.
//
// The parent starts WORKERS workers (4 by default) and keeps that many
// alive until COUNT calls have been made. Each worker issues random system
// calls: random numbers (out of range too), arguments mixing good and bad
// addresses (its own pages, stack and text, unmapped, kernel, UTOP-adjacent,
// unaligned), permissions with valid and invalid bits, and environment ids
// (itself, its children, its parent, anyone's from envs[], stale, negative,
// huge). It also forks, builds children by hand (exofork, page_map,
// set_trapframe, set_status), hoards pages until memory runs out, and now
// and then dies on purpose of some exception (bad reads and writes, divide
// by zero, ud2, int to kernel-only vectors, privileged instructions, bad
// segment loads, far transfers into ring 0, vm86 mode, broken page-fault
// handlers...). Every result must be a valid success or a valid -E_*, and
// a few are checked further (the exact error where only one is possible,
// never success on an environment not the caller's, a new page zeroed and
// mapped as asked); anything else prints a line with "BAD RESULT". The
// kernel must neither panic, nor hang, nor lose a page (run with `audit`).
//
// Reproducibility: worker number GEN of slot SLOT draws its numbers from
// a generator seeded with (SEED, SLOT, GEN) alone; the parent prints which
// environment each worker is. Which ids a worker meets depends on timing,
// its stream does not (under QEMU -icount the whole run repeats exactly).
// `fuzz SEED COUNT 1 SLOT GEN` runs only that worker's stream (then GEN+1,
// GEN+2, ...) in a single slot.
//
// The parent watches a page shared with the workers (PTE_SHARE) where each
// worker counts its calls: that counts the total and finds workers stuck
// for good (blocked in sys_ipc_recv, stopped by their own
// sys_env_set_status, or spinning in code they jumped into), which it
// destroys and replaces. Only workers judge results: a worker's children
// run on memory and registers that their parent may change at any time.

#include <inc/lib.h>
#include <inc/x86.h>

#define DEFAULT_SEED	1
#define DEFAULT_COUNT	20000
#define MAXWORKERS	8

// Fixed places in the address space.
#define SHVA		0x0D000000	// the page shared with the parent
#define SCRATCH		0x10000000	// workers play with pages here
#define NSCRATCH	64
#define HOG		0x20000000	// and hoard pages here
#define HOG_MAX		4096

// How long a worker lives, in calls (it may die sooner).
#define LIFE_MIN	200
#define LIFE_SPAN	2000

// One call in DEATH_ODDS may be deadly to its caller; one in FAULT_ODDS is
// a fault on purpose.
#define DEATH_ODDS	150
#define FAULT_ODDS	400
#define BUILD_ODDS	100		// a child built by hand, dumbfork-style
#define HOG_ODDS	200		// a heap of pages, to run memory low

// A worker holds at most this many children of its own at a time.
#define MAXKIDS		4

// Parent iterations without progress after which a worker is stuck.
#define STUCK_BLOCKED	40		// not runnable
#define STUCK_RUNNING	300		// runnable, but going nowhere

struct slot {
	volatile uint32_t calls;	// calls made so far
	volatile uint32_t check;	// ~calls: a torn or trampled counter shows
	volatile uint32_t bad;		// bad results seen
	volatile uint32_t exited;	// set just before a clean exit
};

struct shared {
	volatile uint32_t stop;		// the parent says: enough
	struct slot slot[MAXWORKERS];
};

#define SH	((struct shared *) SHVA)

// ---------------------------------------------------------------------
// Random numbers: xorshift128, seeded through a splitmix-style mixer.
// ---------------------------------------------------------------------

static uint32_t rs[4];

static uint32_t
mix32(uint32_t *x)
{
	uint32_t z = (*x += 0x9e3779b9);
	z = (z ^ (z >> 16)) * 0x85ebca6b;
	z = (z ^ (z >> 13)) * 0xc2b2ae35;
	return z ^ (z >> 16);
}

static void
rng_seed(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t x = a * 0x2545f491 ^ b * 0x9e3779b9 ^ c * 0x632be5ab;
	int i;

	mix32(&x);
	x ^= a;
	mix32(&x);
	x ^= b << 16 | c;
	for (i = 0; i < 4; i++)
		rs[i] = mix32(&x) | (i == 0);	// never all zero
}

static uint32_t
rnd(void)
{
	uint32_t t = rs[3], x = rs[0];

	rs[3] = rs[2];
	rs[2] = rs[1];
	rs[1] = x;
	t ^= t << 11;
	t ^= t >> 8;
	rs[0] = t ^ x ^ (x >> 19);
	return rs[0];
}

// Uniform in [0, n).
static uint32_t
below(uint32_t n)
{
	return (uint32_t) (((uint64_t) rnd() * n) >> 32);
}

// True one time in n.
static bool
one_in(uint32_t n)
{
	return below(n) == 0;
}

// ---------------------------------------------------------------------
// State of the current worker (or of a child of one).
// ---------------------------------------------------------------------

extern char etext[], end[];
extern void _pgfault_upcall(void);	// lib/pfentry.S

static uint32_t seed;
static int slotno, gen;		// the worker's stream: (seed, slotno, gen)
static int slotidx;			// its place in the shared page
static int depth;			// 0 worker, 1 its fork child, ...
static envid_t myid, parentid;
static uint32_t ncalls;			// calls by this environment
static envid_t kids[MAXKIDS];		// children of this environment
static int nkids;
static envid_t dead[8];			// ids of children gone: stale ids
static int ndead;
static uint32_t stack_low;		// lowest stack address worth keeping
static uint32_t tfwords[sizeof(struct Trapframe) / 4];	// for sys_env_set_trapframe
static char msg[] = "fuzz: cputs\n";
static volatile uint32_t cow_word;	// a word written after fork
static volatile int recovered;		// faults handled by pf_handler
// Set before anything that may send this environment into code at some
// random place (its own sys_env_set_trapframe, a fault with whatever
// upcall the random calls installed): from then on it may run any of
// this code with any registers, and reports nothing.
static volatile int lost;

// One system call with every register chosen by the caller.
static int32_t
raw_syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a" (ret)
		     : "i" (T_SYSCALL), "a" (num), "d" (a1), "c" (a2), "b" (a3),
		       "D" (a4), "S" (a5)
		     : "cc", "memory");
	return ret;
}

// The same by sysenter, as lib/syscall.c makes it: the return address in
// %esi (so the kernel's a5 is fuzz_sysenter_ret), the stack in %ebp.
// Not inlined: the label is defined once.
static int32_t __attribute__((noinline))
raw_sysenter(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int32_t ret;

	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "movl $fuzz_sysenter_ret, %%esi\n\t"
		     "sysenter\n"
		     ".globl fuzz_sysenter_ret\n"
		     "fuzz_sysenter_ret:\n\t"
		     "popl %%ebp"
		     : "=a" (ret), "+d" (a1), "+c" (a2)
		     : "0" (num), "b" (a3), "D" (a4)
		     : "esi", "cc", "memory");
	return ret;
}
extern char fuzz_sysenter_ret[];

// Which way calls go: the first argument.
enum { WAY_BOTH, WAY_INT, WAY_SYSENTER };
static int way = WAY_BOTH;

static bool
env_alive(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];
	return id > 0 && e->env_id == id && e->env_status != ENV_FREE;
}

// May this environment act on id (itself or a child of its own)?
static bool
is_mine(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	if (id == 0 || id == myid)
		return true;
	return id > 0 && e->env_id == id && e->env_status != ENV_FREE &&
		e->env_parent_id == myid;
}

static bool
is_self(envid_t id)
{
	return id == 0 || id == myid;
}

// Pages this worker cannot lose and live: text, data, bss, the stack in
// use, the shared page.
static bool
vital(uintptr_t va)
{
	va = ROUNDDOWN(va, PGSIZE);
	return (va >= UTEXT && va < ROUNDUP((uintptr_t) end, PGSIZE)) ||
		(va >= stack_low && va < USTACKTOP) || va == SHVA;
}

static void
forget_kid(int i)
{
	dead[ndead++ % ARRAY_SIZE(dead)] = kids[i];
	kids[i] = kids[--nkids];
}

static void
destroy_kids(void)
{
	while (nkids > 0) {
		sys_env_destroy(kids[nkids - 1]);
		forget_kid(nkids - 1);
	}
}

// An environment started by a random sys_env_set_trapframe in the middle
// of this code (a fork child, say) runs it with someone else's myid. It
// must not report or count anything: it quietly leaves.
static void
check_identity(bool sure)
{
	const volatile struct Env *e = &envs[ENVX(myid)];

	if (e->env_id != myid || e->env_status != ENV_RUNNING ||
	    (sure && sys_getenvid() != myid))
		exit();
}

// Count a call in the shared page (workers only).
static void
count_call(void)
{
	if (lost)
		exit();
	check_identity(false);
	ncalls++;
	if (depth == 0) {
		SH->slot[slotidx].calls = ncalls;
		SH->slot[slotidx].check = ~ncalls;
	}
}

// ---------------------------------------------------------------------
// Argument generators.
// ---------------------------------------------------------------------

static uintptr_t
gen_va(void)
{
	static const uintptr_t special[] = {
		UTOP - PGSIZE, UTOP - 4, UTOP - 1, UTOP, UTOP + PGSIZE,
		UVPT, UPAGES, UENVS, ULIM - PGSIZE, ULIM, MMIOBASE, KERNBASE,
		KERNBASE - 4, KSTACKTOP - KSTKSIZE, 0xF0100000, 0xFFFFF000,
		0xFFFFFFFF, 0xFFFFFFFC, 0x80000000, 0x7FFFF000, PGSIZE,
		USTACKTOP, USTACKTOP + PGSIZE, USTACKTOP - USTACKSIZE - PGSIZE,
		USTACKTOP - USTACKSIZE, UXSTACKTOP - PGSIZE, UXSTACKTOP - 2 * PGSIZE,
		(uintptr_t) UTEMP, (uintptr_t) PFTEMP, UTEXT, 0,
		UMMAPMIN, UMMAPMIN - PGSIZE, 0x100000, 0xA0000,
	};
	uintptr_t va, local;

	switch (below(20)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return SCRATCH + below(NSCRATCH) * PGSIZE;
	case 6:
		return SCRATCH + below(NSCRATCH * PGSIZE);
	case 7:		// text and read-only data
		return UTEXT + below(ROUNDUP((uintptr_t) etext, PGSIZE) - UTEXT) / PGSIZE * PGSIZE;
	case 8:		// data and bss
		va = ROUNDDOWN((uintptr_t) &cow_word, PGSIZE);
		return one_in(2) ? va : (uintptr_t) msg;
	case 9:		// the stack in use
		return ROUNDDOWN((uintptr_t) &local, PGSIZE);
	case 10:	// stack region, grown or not
		return USTACKTOP - (1 + below(USTACKSIZE / PGSIZE)) * PGSIZE;
	case 11: case 12:
		return special[below(ARRAY_SIZE(special))];
	case 13:
		return (uintptr_t) UTEMP + below(PTSIZE / PGSIZE) * PGSIZE;
	case 14:
		return below(UTOP / PGSIZE) * PGSIZE;
	case 15:
		return rnd();
	case 16:	// unaligned
		return SCRATCH + below(NSCRATCH) * PGSIZE + 1 + below(PGSIZE - 1);
	case 17:	// just below or above a boundary
		return special[below(ARRAY_SIZE(special))] + (one_in(2) ? 4 : -4);
	default:
		return SCRATCH + below(4) * PGSIZE;
	}
}

// One of this environment's pages, most likely.
static uintptr_t
gen_mapped_va(void)
{
	int i;

	for (i = 0; i < 8; i++) {
		uintptr_t va = SCRATCH + below(NSCRATCH) * PGSIZE;
		if ((uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P))
			return va;
	}
	return gen_va();
}

// An environment blocked in sys_ipc_recv, if there is one, else anyone.
static envid_t
receiver(void)
{
	uint32_t i, start = below(NENV);

	for (i = 0; i < NENV; i++) {
		const volatile struct Env *e = &envs[(start + i) % NENV];
		if (e->env_status != ENV_FREE && e->env_ipc_recving)
			return e->env_id;
	}
	return envs[start].env_id;
}

static uint32_t
gen_perm(void)
{
	const uint32_t pu = PTE_P | PTE_U;

	switch (below(14)) {
	case 0: case 1: case 2: case 3:
		return pu | PTE_W;
	case 4: case 5:
		return pu;
	case 6:
		return pu | PTE_W | PTE_SHARE;
	case 7:
		return pu | PTE_COW | (one_in(2) ? PTE_W : 0);
	case 8:
		return PTE_SYSCALL;
	case 9:		// one bit too many: PWT, PCD, A, D, PS, G ...
		return pu | PTE_W | (1 << below(12));
	case 10:
		return below(8);
	case 11:
		return rnd();
	case 12:
		return pu | (rnd() & 0xFFF);
	default:
		return pu | PTE_SHARE;
	}
}

static envid_t
gen_envid(void)
{
	const volatile struct Env *e;

	switch (below(16)) {
	case 0: case 1: case 2:
		return 0;
	case 3:
		return myid;
	case 4: case 5: case 6: case 7:
		return nkids ? kids[below(nkids)] : 0;
	case 8:
		return parentid;
	case 9: case 10:	// whoever is in some slot, or was
		e = &envs[below(NENV)];
		return e->env_id;
	case 11:		// stale
		if (ndead && one_in(2))
			return dead[below(MIN(ndead, (int) ARRAY_SIZE(dead)))];
		return myid + (one_in(2) ? 1 : -1) * (1 << 12) * (1 + below(3));
	case 12:		// negative
		switch (below(4)) {
		case 0: return -1;
		case 1: return -myid;
		case 2: return myid | 0x80000000;
		default: return -(envid_t) below(0x10000000);
		}
	case 13:		// huge
		return one_in(2) ? 0x7FFFFFFF : 0x7FFFF000 | ENVX(myid);
	case 14:		// an index with no generation
		return below(NENV);
	default:
		return rnd();
	}
}

// ---------------------------------------------------------------------
// Intentional faults.
// ---------------------------------------------------------------------

// `int $N; ret` for every N: int_table + 3 * N.
asm(".text\n"
    ".globl fuzz_int_table\n"
    "fuzz_int_table:\n"
    ".set n, 0\n"
    ".rept 256\n"
    ".byte 0xcd, n, 0xc3\n"
    ".set n, n + 1\n"
    ".endr\n");
extern char fuzz_int_table[];

static void
do_int(int n)
{
	((void (*)(void)) (fuzz_int_table + 3 * n))();
}

// The recursion that overflows the 1 MiB stack.
static int
deep(volatile char *p, int n)
{
	volatile char buf[1024];
	buf[0] = *p;
	if (n == 0)
		return buf[0];
	return deep(buf, n - 1) + buf[1];
}

static void
pf_handler(struct UTrapframe *utf)
{
	uintptr_t va = ROUNDDOWN(utf->utf_fault_va, PGSIZE);

	// Fix scratch addresses; anything else is fatal.
	if (va >= SCRATCH && va < SCRATCH + NSCRATCH * PGSIZE &&
	    sys_page_alloc(0, (void *) va, PTE_P | PTE_U | PTE_W) == 0) {
		recovered++;
		return;
	}
	cprintf("fuzz: [%08x] unrecoverable fault at va %08x ip %08x\n",
		myid, utf->utf_fault_va, utf->utf_eip);
	exit();
}

#define NFAULTS	45

// Unmask the x87 zero-divide exception and divide by zero, without the
// fwait that would raise it: the exception stays pending in the FPU. It
// belongs to this environment alone; another one that sees it (killed by
// an "x87 FPU Floating-Point Error") shows a kernel that does not keep
// the FPU per environment.
static void
x87_leave_pending(void)
{
	uint16_t cw = 0x037B;
	uint64_t zero = 0;		// 0.0

	asm volatile("fninit; fldcw %0; fld1; fdivl %1" :: "m" (cw), "m" (zero));
}

static void bad_check(const char *why, uint32_t value);

// A sysenter with hostile registers or flags (faults 35, 41-44)?
static bool
sysenter_fault(int k)
{
	return k == 35 || (k >= 41 && k <= 44);
}

// A fault number, none that uses sysenter when calls go by int $0x30.
static int
pick_fault(void)
{
	int k;

	do {
		k = below(NFAULTS);
	} while (way == WAY_INT && sysenter_fault(k));
	return k;
}

// A return address or stack pointer for a hostile sysenter.
static uint32_t
hostile_addr(void)
{
	static const uint32_t bad[] = {
		0xf0100000, ULIM, ULIM - 1, KSTACKTOP - 4, 0xffffffff, 0, 0x10,
		UTOP, UVPT,
	};

	return one_in(2) ? bad[below(ARRAY_SIZE(bad))] : gen_va();
}

// Do fault number k: most kill the caller.
static void
do_fault(int k)
{
	static const uint16_t badsel[] = { 0x08, 0x10, 0x28, 0x2b, 0x0b, 0x07, 0x0f, 0xfff8, 0x30, 0x1b };
	uint16_t sel = badsel[below(ARRAY_SIZE(badsel))];
	uint32_t bounds[2] = { 0, 1 };
	uint16_t cw = 0;
	uint32_t fl;
	int v;

	if (k != 38 && k != 40 && k != 43)
		lost = 1;
	switch (k) {
	case 0: *(volatile uint32_t *) 0 = 0; break;
	case 1: USED(*(volatile uint32_t *) 0); break;
	case 2: USED(*(volatile uint32_t *) KERNBASE); break;
	case 3: *(volatile uint32_t *) (KERNBASE + 0x100000) = 0xdeadbeef; break;
	case 4: *(volatile uint32_t *) etext = 0; break;	// read-only
	case 5: *(volatile uint32_t *) UVPT = 0; break;
	case 6: *(volatile uint32_t *) UENVS = 0; break;
	case 7: ((void (*)(void)) 0x10)(); break;
	case 8: ((void (*)(void)) (KERNBASE + 0x100000))(); break;
	case 9: asm volatile("movl $1, %%eax; xorl %%ecx, %%ecx; divl %%ecx" ::: "eax", "ecx", "edx"); break;
	case 10: asm volatile("ud2"); break;
	case 11: asm volatile("int $14"); break;
	case 12: asm volatile("int $32"); break;
	case 13:	// any vector but the two user gates
		do {
			v = below(256);
		} while (v == T_BRKPT || v == T_SYSCALL);
		do_int(v);
		break;
	case 14: asm volatile("cli"); break;
	case 15: asm volatile("hlt"); break;
	case 16: asm volatile("inb $0x60, %%al" ::: "eax"); break;
	case 17: asm volatile("outb %%al, $0xf4" :: "a" (0)); break;	// the exit port!
	case 18: asm volatile("movl %%cr3, %%eax; movl %%eax, %%cr3" ::: "eax"); break;
	case 19: asm volatile("movw %0, %%ds; movl (%%esp), %%eax" :: "r" (sel) : "eax"); break;
	case 20: asm volatile("movw %0, %%es" :: "r" (sel)); break;
	case 21: asm volatile("movw %0, %%ss" :: "r" (sel)); break;
	case 22: asm volatile("int3"); break;
	case 23: asm volatile("movl $0x7fffffff, %%eax; addl $1, %%eax; into" ::: "eax", "cc"); break;
	case 24: asm volatile("movl $5, %%eax; boundl %%eax, (%0)" :: "r" (bounds) : "eax"); break;
	case 25:	// alignment check (CR0.AM is on)
		asm volatile("pushfl; orl $0x40000, (%%esp); popfl; movl 1(%%esp), %%eax" ::: "eax", "cc");
		break;
	case 26: asm volatile("pushfl; orl $0x100, (%%esp); popfl; nop; nop" ::: "cc"); break;
	case 27: asm volatile(".byte 0xf1"); break;	// icebp: a debug trap, no DPL check
	case 28:	// dies (ud2) with an x87 exception pending: that is its own
		x87_leave_pending();
		asm volatile("ud2");
		break;
	case 29: deep((volatile char *) &cw, 4096); break;
	case 30: asm volatile("ljmp $0x08, $0"); break;
	case 31: asm volatile("lcall $0x28, $0"); break;
	case 32:	// far return into ring 0
		asm volatile("pushl $0x08; pushl $1f; lret; 1:" ::: "memory");
		break;
	case 33:	// iret into ring 0
		asm volatile("pushfl; pushl $0x08; pushl $1f; iret; 1:" ::: "memory");
		break;
	case 34:	// a nested-task iret: the TSS has no back link
		asm volatile("pushfl; orl $0x4000, (%%esp); popfl; pushfl; pushl %%cs; pushl $1f; iret; 1:"
			     ::: "memory", "cc");
		break;
	case 35: asm volatile("sysenter"); break;
	case 36: asm volatile("movaps %xmm0, %xmm1"); break;
	case 37:	// the stack pointer in the kernel
		asm volatile("movl %%esp, %%ebx; movl $0xf0001000, %%esp; pushl $1; movl %%ebx, %%esp"
			     ::: "ebx", "memory");
		break;
	case 38:	// recoverable: a handler maps the page
		set_pgfault_handler(pf_handler);
		// Random calls may have replaced the upcall: put it back.
		if (sys_env_set_pgfault_upcall(0, _pgfault_upcall) < 0)
			return;
		v = recovered;
		*(volatile uint32_t *) (SCRATCH + below(NSCRATCH) * PGSIZE) = 1;
		if (recovered != v + 1 && recovered != v && depth == 0) {
			check_identity(true);
			cprintf("fuzz: BAD RESULT [%08x] page fault handler ran %d times\n",
				myid, recovered - v);
			if (depth == 0)
				SH->slot[slotidx].bad++;
		}
		return;
	case 40:	// iret into vm86 mode (QEMU's TCG allows it from ring 3)
		// Code for it (int $0x30 or jmp .) cannot be mapped: the vm86
		// code, with interrupts on or off, faults at once.
		v = sys_page_alloc(0, (void *) 0x1000, PTE_P | PTE_U | PTE_W);
		if (v != -E_INVAL)
			bad_check("page_alloc below UMMAPMIN not refused", v);
		lost = 1;
		v = below(8);	// vm86 %cs 0 or 3, IOPL 0 or 3, IF or not
		asm volatile("movl %2, %%eax\n"
			     "pushl $0; pushl $0; pushl $0; pushl $0; pushl $0\n"
			     "pushl $0x2000\n"		// esp
			     "pushl %1\n"		// eflags: VM, IF or not, IOPL 0 or 3
			     "pushl %0\n"		// cs
			     "pushl $0x1000\n"		// eip
			     "iret"
			     :: "r" (v & 1 ? 3 : 0),
				"r" (0x20002 | (v & 2 ? 0x3000 : 0) | (v & 4 ? FL_IF : 0)),
				"i" (SYS_getenvid) : "eax", "memory");
		break;
	case 39:	// a handler that is not code
		sys_env_set_pgfault_upcall(0, (void *) gen_va());
		*(volatile uint32_t *) 0x10 = 0;
		break;
	case 41:	// sysenter back to a hostile return address or stack
	case 42:	// (the kernel kills one above ULIM; the rest fault, or run)
		asm volatile("pushl %%ebp\n\t"
			     "movl %2, %%ebp\n\t"
			     "sysenter\n\t"
			     "popl %%ebp"
			     :: "a" (SYS_getenvid), "S" (k == 41 ? hostile_addr() : (uint32_t) gen_va()),
				"r" (one_in(2) ? hostile_addr() : read_esp())
			     : "ecx", "edx", "cc", "memory");
		break;
	case 43:	// NT, DF, AC at sysenter: the call must work all the same
		fl = (one_in(2) ? FL_NT : 0) | (one_in(2) ? FL_DF : 0) | (one_in(2) ? FL_AC : 0);
		asm volatile("pushl %%ebp\n\t"
			     "movl %%esp, %%ebp\n\t"
			     "movl $1f, %%esi\n\t"
			     "pushfl\n\t"
			     "orl %%ebx, (%%esp)\n\t"
			     "popfl\n\t"
			     "sysenter\n"
			     "1:\tnotl %%ebx\n\t"
			     "pushfl\n\t"
			     "andl %%ebx, (%%esp)\n\t"
			     "popfl\n\t"
			     "popl %%ebp"
			     : "=a" (v), "+b" (fl)
			     : "0" (SYS_getenvid)
			     : "ecx", "edx", "esi", "cc", "memory");
		if (v != myid && depth == 0)
			bad_check("sysenter with NT, DF or AC: not the caller's id", v);
		return;
	case 44:	// sysenter with the trap flag: a debug trap after it (batch: death)
		asm volatile("pushl %%ebp\n\t"
			     "movl %%esp, %%ebp\n\t"
			     "movl $1f, %%esi\n\t"
			     "pushfl\n\t"
			     "orl $0x100, (%%esp)\n\t"
			     "popfl\n\t"
			     "sysenter\n"
			     "1:\tpopl %%ebp"
			     :: "a" (SYS_getenvid)
			     : "ecx", "edx", "esi", "cc", "memory");
		break;
	default:	// exception stack nearly full
		set_pgfault_handler(pf_handler);
		asm volatile("movl %%esp, %%ebx; movl %0, %%esp; movl 0x10, %%eax; movl %%ebx, %%esp"
			     :: "i" (UXSTACKTOP - PGSIZE + 20) : "eax", "ebx", "memory");
		break;
	}
}

// ---------------------------------------------------------------------
// One random call, checked.
// ---------------------------------------------------------------------

static void
bad_result(const char *why, uint32_t num, uint32_t a[5], int32_t r)
{
	// Only workers judge: the memory and registers of a worker's child
	// are its parent's to change at any time (page_alloc over its stack,
	// set_trapframe into the middle of this code), so what a child sees
	// proves nothing.
	if (depth > 0 || lost)
		return;
	check_identity(true);
	cprintf("fuzz: BAD RESULT [%08x] worker %d.%d call %u: syscall %u(%x, %x, %x, %x, %x) = %d: %s\n",
		myid, slotno, gen, ncalls, num, a[0], a[1], a[2], a[3], a[4], r, why);
	if (depth == 0)
		SH->slot[slotidx].bad++;
}

// Something wrong that is not the result of one call.
static void
bad_check(const char *why, uint32_t value)
{
	if (depth > 0 || lost)
		return;
	check_identity(true);
	cprintf("fuzz: BAD RESULT [%08x] worker %d.%d after %u calls: %s (%08x)\n",
		myid, slotno, gen, ncalls, why, value);
	SH->slot[slotidx].bad++;
}

static uint32_t
pte_of(uintptr_t va)
{
	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	return uvpt[PGNUM(va)];
}

// The permissions of the mapping at va as a system call sets them, with
// PTE_P, whether the page is in memory or on the swap disk (its entry
// keeps them: inc/mmu.h); 0 if nothing is mapped there. Another
// environment's fault may send a page out at any moment.
static uint32_t
mapping_perm(uintptr_t va)
{
	uint32_t pte = pte_of(va);

	if (!(pte & (PTE_P | PTE_SWAPPED)))
		return 0;
	return (pte & PTE_SYSCALL) | PTE_P;
}

// Whether va1 and va2 map one page: the same frame, or the same swap
// slot. A page read in or sent out between the two looks shows as one
// of each: no answer then, taken as yes.
static bool
same_page(uintptr_t va1, uintptr_t va2)
{
	uint32_t p1 = pte_of(va1), p2 = pte_of(va2);

	if ((p1 & PTE_P) != (p2 & PTE_P))
		return true;
	return PTE_ADDR(p1) == PTE_ADDR(p2);
}

static void
child_path(void);

// Children built by hand lately (build_child): the only images sys_exec
// may take over, since they run built_child_main.
static envid_t built[2 * MAXKIDS];
static uint32_t nbuilt;
static bool was_built(envid_t id);
static void build_child(void);

// Could this environment read [va, va+len) without faulting?
static bool
readable(uintptr_t va, size_t len)
{
	uintptr_t p;

	if (va + len < va)
		return false;
	for (p = ROUNDDOWN(va, PGSIZE); p < va + len; p += PGSIZE)
		if (p >= ULIM || (pte_of(p) & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
			return false;
	return true;
}

// How often each call is made, out of the sum.
static const uint8_t weight[] = {
	[SYS_cputs] = 3,
	[SYS_cgetc] = 2,
	[SYS_getenvid] = 3,
	[SYS_env_destroy] = 6,
	[SYS_page_alloc] = 20,
	[SYS_page_map] = 22,
	[SYS_page_unmap] = 12,
	[SYS_exofork] = 6,
	[SYS_env_set_status] = 6,
	[SYS_env_set_pgfault_upcall] = 5,
	[SYS_yield] = 4,
	[SYS_ipc_try_send] = 8,
	[SYS_ipc_recv] = 2,
	[SYS_env_set_trapframe] = 6,
	[SYS_fork] = 3,
	[SYS_sink] = 6,
	[SYS_exit] = 1,			// deadly: only when may_die
	[SYS_wait] = 4,
	[SYS_cgetc_wait] = 1,		// blocks for good in batch: may_die
	[SYS_exec] = 4,
	[SYS_ipc_recv_from] = 3,
	[SYS_pipe_wait] = 5,
	[SYS_pipe_wake] = 4,
	[SYS_env_set_name] = 3,
	[SYS_pipe_isclosed] = 3,
};

static uint32_t
pick_num(void)
{
	uint32_t i, sum = 0, x;

	switch (below(32)) {
	case 0:
		return rnd();
	case 1:
		return NSYSCALLS + below(4);
	case 2:
		return -1 - below(4);
	case 3:		// any call, those added later too
		return below(NSYSCALLS);
	}
	for (i = 0; i < ARRAY_SIZE(weight); i++)
		sum += weight[i];
	x = below(sum);
	for (i = 0; x >= weight[i]; i++)
		x -= weight[i];
	return i;
}

static void
one_call(void)
{
	uint32_t a[5], num;
	int32_t r;
	bool allow_pos = false, must_fail = false, danger = false;
	bool strangers = false, envcall = false, exec_built = false;
	int32_t exact = 1;		// 1: no exact result expected
	uint32_t pre_pte = 0;
	int i;

	for (i = 0; i < 5; i++)
		a[i] = rnd();

	num = pick_num();

	// A call that may be the caller's last (kill it, block it, wreck
	// its memory) is the exception: workers should live long enough to
	// build up children, mappings and handlers. Before such a call the
	// worker destroys its children: nobody else could.
	bool may_die = one_in(DEATH_ODDS);
	// Mostly plausible arguments; one call in 16 keeps pure garbage,
	// unless that could be deadly.
	bool garbage = one_in(16);
	if (garbage && !may_die && (num == SYS_cputs || num == SYS_sink ||
	    num == SYS_env_set_trapframe || num == SYS_ipc_recv))
		garbage = false;
	if (garbage && num < NSYSCALLS)
		danger = true;
	if (!garbage) {
		switch (num) {
		case SYS_cputs:
		case SYS_sink:
			if (!may_die || one_in(2)) {
				// A tail of msg: whole lines only on the console.
				a[0] = (uint32_t) msg + below(sizeof(msg) - 1);
				a[1] = (uint32_t) msg + sizeof(msg) - 1 - a[0];
				if (one_in(4))
					a[1] = num == SYS_cputs ? 0 : below(a[1] + 1);
			} else {
				a[0] = gen_va();
				a[1] = one_in(3) ? rnd() : below(2 * PGSIZE);
				danger = true;
				// What is there goes to the console only if it is
				// not readable (then the call kills the caller).
				if (num == SYS_cputs && readable(a[0], a[1])) {
					a[0] = (uint32_t) msg;
					a[1] = sizeof(msg) - 1;
				}
			}
			break;
		case SYS_env_destroy:
			a[0] = gen_envid();
			break;
		case SYS_page_alloc:
			a[0] = gen_envid();
			a[1] = gen_va();
			a[2] = gen_perm();
			break;
		case SYS_page_map:
			a[0] = gen_envid();
			a[1] = one_in(2) && is_self(a[0]) ? gen_mapped_va() : gen_va();
			a[2] = one_in(2) ? a[0] : gen_envid();
			a[3] = one_in(3) ? a[1] : gen_va();
			a[4] = gen_perm();
			break;
		case SYS_page_unmap:
			a[0] = gen_envid();
			a[1] = gen_va();
			break;
		case SYS_env_set_status:
			a[0] = gen_envid();
			a[1] = one_in(4) ? (one_in(2) ? rnd() : below(6)) :
				(one_in(2) ? ENV_RUNNABLE : ENV_NOT_RUNNABLE);
			break;
		case SYS_env_set_pgfault_upcall:
			a[0] = gen_envid();
			a[1] = one_in(2) ? gen_va() : (uint32_t) pf_handler;
			break;
		case SYS_ipc_try_send:
			a[0] = one_in(2) ? receiver() : gen_envid();
			a[1] = rnd();
			a[2] = one_in(3) ? UTOP + below(4) * PGSIZE :
				one_in(2) ? gen_mapped_va() : gen_va();
			a[3] = gen_perm();
			break;
		case SYS_ipc_recv:
			if (may_die)
				a[0] = one_in(2) ? gen_va() : UTOP;
			else	// fails at once
				a[0] = gen_va() | (1 + below(PGSIZE - 1));
			break;
		case SYS_wait:
		case SYS_exec:
			a[0] = gen_envid();
			break;
		case SYS_ipc_recv_from:
			a[0] = one_in(4) ? receiver() : gen_envid();
			a[1] = one_in(3) ? UTOP : gen_va();
			break;
		case SYS_pipe_wait:
			// A word of ours whose value is known (no sleep, unless
			// may_die), or anywhere, with a descriptor page anywhere.
			a[0] = one_in(2) ? gen_mapped_va() + 4 * below(PGSIZE / 4) : gen_va();
			a[1] = rnd();
			if (readable(a[0], 4) && a[0] % 4 == 0)
				a[1] = *(volatile uint32_t *) a[0] + (may_die ? 0 : 1);
			a[2] = one_in(2) ? gen_mapped_va() : gen_va();
			break;
		case SYS_pipe_wake:
			a[0] = one_in(2) ? gen_mapped_va() : gen_va();
			break;
		case SYS_pipe_isclosed:
			a[0] = one_in(2) ? gen_mapped_va() : gen_va();
			a[1] = one_in(2) ? gen_mapped_va() : gen_va();
			break;
		case SYS_env_set_name:
			// A name of this program's own (its strings), or anything.
			a[0] = gen_envid();
			a[1] = one_in(2) ? (uint32_t) binaryname : gen_va();
			break;
		case SYS_env_set_trapframe:
			a[0] = gen_envid();
			if (may_die && one_in(2)) {
				a[1] = gen_va();
				danger = true;
			} else {
				struct Trapframe *tf = (struct Trapframe *) tfwords;
				for (i = 0; i < (int) ARRAY_SIZE(tfwords); i++)
					tfwords[i] = one_in(2) ? rnd() : 0;
				if (one_in(2)) {
					tf->tf_eip = gen_va();
					tf->tf_esp = gen_va();
					tf->tf_eflags = one_in(2) ? FL_IF : rnd();
				}
				a[1] = (uint32_t) tfwords;
			}
			break;
		}
	}

	// Never over one's own text, data or stack, not even when the call
	// may be deadly: code replaced by other bytes does not die cleanly,
	// it may run on into anything, and a replaced stack or data page
	// leaves this code judging the result from garbage.
	if ((num == SYS_page_alloc || num == SYS_page_unmap) && is_self(a[0]) && vital(a[1]))
		a[1] = SCRATCH + below(NSCRATCH) * PGSIZE;
	if (num == SYS_page_map && is_self(a[2]) && vital(a[3]))
		a[3] = SCRATCH + below(NSCRATCH) * PGSIZE;
	if (num == SYS_ipc_recv && a[0] < UTOP && vital(a[0]))
		a[0] = UTOP;

	// Calls on oneself that could be the last, or block.
	envid_t other = nkids ? kids[below(nkids)] : parentid;
	switch (num) {
	case SYS_env_destroy:
	case SYS_env_set_trapframe:
		if (is_self(a[0]) && !may_die)
			a[0] = other;
		danger |= is_self(a[0]);
		break;
	case SYS_env_set_status:
		if (is_self(a[0]) && a[1] == ENV_NOT_RUNNABLE && !may_die)
			a[0] = other;
		danger |= is_self(a[0]);
		break;
	case SYS_ipc_recv:		// blocks, unless dstva is refused
		danger |= !(a[0] < UTOP && (PGOFF(a[0]) || a[0] < UMMAPMIN));
		break;
	case SYS_exit:			// the end, whatever the status
	case SYS_cgetc_wait:		// nobody types: the end too
		if (!may_die)
			num = SYS_yield;
		danger |= may_die;
		break;
	case SYS_wait:			// blocks while the other lives
	case SYS_ipc_recv_from:		// blocks while the sender lives
		if (!is_self(a[0]) && env_alive(a[0]) && !may_die)
			a[0] = one_in(2) ? 0 : myid;
		danger |= !is_self(a[0]) && env_alive(a[0]);
		break;
	case SYS_exec:			// takes over a child's image: the end
		// Only a child built by hand, whose code reports nothing: a
		// fork child's image is this code with stale memory.
		if (is_mine(a[0]) && !is_self(a[0]) && (!may_die || !was_built(a[0])))
			a[0] = myid;
		// Half the time, a child built for it (below).
		exec_built = may_die && depth == 0 && one_in(2);
		danger |= exec_built || (is_mine(a[0]) && !is_self(a[0]));
		break;
	case SYS_pipe_wait:		// may sleep on a word that nobody changes
		danger |= may_die;
		break;
	case SYS_page_map:
		// Another with write access to one's own stack or data
		// (a fork child, running this code on it) changes it under
		// one's feet.
		if (is_self(a[0]) && vital(a[1]) && (a[4] & PTE_W) && !may_die)
			a[1] = SCRATCH + below(NSCRATCH) * PGSIZE;
		danger |= is_self(a[0]) && vital(a[1]) && (a[4] & PTE_W);
		break;
	case SYS_ipc_try_send:
		if (a[2] < UTOP && vital(a[2]) && (a[3] & PTE_W) && !may_die)
			a[2] = SCRATCH + below(NSCRATCH) * PGSIZE;
		danger |= a[2] < UTOP && vital(a[2]) && (a[3] & PTE_W);
		break;
	case SYS_fork:
		if (depth >= 2)
			num = SYS_yield;
		break;
	}
	if (danger && depth > 0)
		return;			// children of workers stay out of trouble
	if (danger)
		destroy_kids();
	// A child built by hand and stopped before it runs: an image that
	// sys_exec takes over (the caller then runs built_child_main).
	if (exec_built) {
		build_child();
		a[0] = nkids ? kids[nkids - 1] : myid;
		if (!is_self(a[0]) && was_built(a[0]))
			sys_env_set_status(a[0], ENV_NOT_RUNNABLE);
	}

	// Which way in. By sysenter the kernel's fifth argument is the
	// return address, in %esi: that is what the checks below must see.
	bool fast = way == WAY_SYSENTER || (way == WAY_BOTH && one_in(2));
	if (fast)
		a[4] = (uint32_t) fuzz_sysenter_ret;

	// Expectations that do not depend on the kernel's order of checks.
	switch (num) {
	case SYS_cgetc:
	case SYS_getenvid:
	case SYS_exofork:
	case SYS_fork:
		allow_pos = true;
		break;
	case SYS_pipe_wait:		// 1: the other end is gone
	case SYS_pipe_isclosed:
		allow_pos = true;
		break;
	case SYS_env_destroy:
	case SYS_env_set_status:
	case SYS_env_set_pgfault_upcall:
	case SYS_env_set_trapframe:
	case SYS_env_set_name:
	case SYS_page_alloc:
	case SYS_page_unmap:
		envcall = true;
		strangers = !is_mine(a[0]);
		break;
	case SYS_page_map:
		envcall = true;
		strangers = !is_mine(a[0]) || !is_mine(a[2]);
		break;
	}
	if (num == SYS_getenvid)
		exact = myid;
	if (num >= NSYSCALLS)
		exact = -E_INVAL;
	if (num == SYS_page_alloc &&
	    (a[1] >= UTOP || a[1] < UMMAPMIN || PGOFF(a[1]) ||
	     (a[2] & (PTE_P | PTE_U)) != (PTE_P | PTE_U) ||
	     (a[2] & ~PTE_SYSCALL)))
		must_fail = true;
	if (num == SYS_page_map &&
	    (a[1] >= UTOP || PGOFF(a[1]) || a[3] >= UTOP || a[3] < UMMAPMIN || PGOFF(a[3]) ||
	     (a[4] & (PTE_P | PTE_U)) != (PTE_P | PTE_U) || (a[4] & ~PTE_SYSCALL)))
		must_fail = true;
	if (num == SYS_page_unmap && (a[1] >= UTOP || PGOFF(a[1])))
		must_fail = true;
	if (num == SYS_env_set_status && a[1] != ENV_RUNNABLE && a[1] != ENV_NOT_RUNNABLE)
		must_fail = true;
	if (num == SYS_ipc_recv && a[0] < UTOP && (PGOFF(a[0]) || a[0] < UMMAPMIN))
		exact = -E_INVAL;
	if (num == SYS_ipc_try_send && depth == 0 && a[0] == (uint32_t) parentid && parentid)
		must_fail = true;	// the parent never receives
	// Writable mapping of one's own read-only (not copy-on-write) page.
	if (num == SYS_page_map && is_self(a[0]) && a[1] < UTOP) {
		pre_pte = pte_of(a[1]);
		if ((a[4] & PTE_W) && (pre_pte & PTE_P) && !(pre_pte & (PTE_W | PTE_COW)))
			must_fail = true;
	}
	if (num == SYS_yield)
		exact = 0;
	// The process calls: what only one answer fits.
	if ((num == SYS_wait || num == SYS_exec) && is_self(a[0]))
		exact = -E_INVAL;
	if (num == SYS_ipc_recv_from && a[1] < UTOP && (PGOFF(a[1]) || a[1] < UMMAPMIN))
		exact = -E_INVAL;
	else if (num == SYS_ipc_recv_from && is_self(a[0]))
		exact = -E_BAD_ENV;
	if (num == SYS_exec && !is_mine(a[0]))
		exact = -E_BAD_ENV;
	if ((num == SYS_pipe_wait && (a[0] >= UTOP || a[0] % 4 || !readable(a[0], 4))) ||
	    (num == SYS_pipe_wake && (a[0] >= UTOP || !(pte_of(a[0]) & PTE_P))) ||
	    (num == SYS_pipe_isclosed && (a[0] >= UTOP || !(pte_of(a[0]) & PTE_P) ||
					  a[1] >= UTOP || !(pte_of(a[1]) & PTE_P))))
		must_fail = true;
	if (num == SYS_wait || num == SYS_cgetc_wait)
		allow_pos = true;	// an exit status, a character

	count_call();
	if (num == SYS_env_set_trapframe && is_self(a[0]))
		lost = 1;	// if it works, this code goes on somewhere else
	if (fast)
		r = raw_sysenter(num, a[0], a[1], a[2], a[3]);
	else
		r = raw_syscall(num, a[0], a[1], a[2], a[3], a[4]);
	if (num == SYS_env_set_trapframe && is_self(a[0]) && r < 0)
		lost = 0;

	// A child made by fork (or by exofork, if it ever runs this code).
	if ((num == SYS_fork || num == SYS_exofork) && r == 0 && sys_getenvid() != myid) {
		child_path();
		return;
	}

	// A deadly call that did not kill: the caller gave another write
	// access to its own data or stack (a fork child, running this code
	// on them), and can no longer trust what it reads. It leaves.
	if (r == 0 && danger && ((num == SYS_page_map && is_self(a[0]) && vital(a[1]) && (a[4] & PTE_W)) ||
				 (num == SYS_ipc_try_send && a[2] < UTOP && vital(a[2]) && (a[3] & PTE_W)))) {
		destroy_kids();
		exit();
	}

	if (r < -(MAXERROR - 1))
		bad_result("not a valid -E_*", num, a, r);
	else if (r > 0 && !allow_pos)
		bad_result("positive result from a call that has none", num, a, r);
	else if (exact != 1 && r != exact)
		bad_result("not the only valid result", num, a, r);
	else if (must_fail && r >= 0)
		bad_result("invalid arguments accepted", num, a, r);
	else if (envcall && strangers && r >= 0)
		bad_result("acted on an environment not its own", num, a, r);
	else if ((num == SYS_pipe_wait || num == SYS_pipe_isclosed) && r > 1)
		bad_result("neither 0 nor 1", num, a, r);
	else if (num == SYS_cgetc && (r < 0 || r > 0x1FF))
		bad_result("not a character", num, a, r);
	else if (r == 0 && (num == SYS_fork || num == SYS_exofork))
		bad_result("the parent got 0", num, a, r);

	if (r > 0 && (num == SYS_fork || num == SYS_exofork)) {
		const volatile struct Env *e = &envs[ENVX(r)];
		// A fork child may run, exit and leave its slot to another
		// while this looks: read the id before and after.
		envid_t id1 = e->env_id;
		envid_t parent = e->env_parent_id;
		unsigned status = e->env_status;
		envid_t id2 = e->env_id;
		if (id1 == r && id2 == r && status != ENV_FREE && parent != myid)
			bad_result("the child has another parent", num, a, r);
		if (num == SYS_exofork && (e->env_id != r || e->env_status != ENV_NOT_RUNNABLE))
			bad_result("the new child is not there, not runnable", num, a, r);
		if (nkids == MAXKIDS) {
			sys_env_destroy(kids[0]);
			forget_kid(0);
		}
		kids[nkids++] = r;
	}

	// What a successful call did to this environment's own pages.
	if (r == 0 && num == SYS_page_alloc && is_self(a[0])) {
		if (mapping_perm(a[1]) != ((a[2] & PTE_SYSCALL) | PTE_P))
			bad_result("page_alloc: the mapping has other permissions", num, a, pte_of(a[1]));
		else {
			const volatile uint32_t *p = (const volatile uint32_t *) a[1];
			for (i = 0; i < PGSIZE / 4; i++)
				if (p[i] != 0) {
					bad_result("page_alloc: the new page is not zeroed", num, a, p[i]);
					break;
				}
		}
	}
	if (r == 0 && num == SYS_page_map && is_self(a[2])) {
		if (mapping_perm(a[3]) != ((a[4] & PTE_SYSCALL) | PTE_P))
			bad_result("page_map: the mapping has other permissions", num, a, pte_of(a[3]));
		else if (is_self(a[0]) && !same_page(a[1], a[3]))
			bad_result("page_map: the two addresses map different pages", num, a, pte_of(a[3]));
	}
	if (r == 0 && num == SYS_page_unmap && is_self(a[0]) && (pte_of(a[1]) & PTE_P))
		bad_result("page_unmap: the page is still there", num, a, pte_of(a[1]));

	// Keep the list of children true: some die by the call just made.
	for (i = 0; i < nkids; )
		if (!env_alive(kids[i]) || envs[ENVX(kids[i])].env_parent_id != myid)
			forget_kid(i);
		else
			i++;
}

// A child of a worker (from a random SYS_fork): a few harmless things of
// its own, then it exits (rarely, it dies of a fault).
static void
child_path(void)
{
	int i, n;

	parentid = myid;
	myid = sys_getenvid();
	depth++;
	nkids = 0;
	rng_seed(seed ^ myid, slotno * 977 + depth, gen * 131 + ncalls);
	cow_word = myid;		// a copy-on-write fault
	if (one_in(4))
		x87_leave_pending();	// and exit with it
	n = below(8);
	for (i = 0; i < n; i++)
		one_call();
	destroy_kids();
	if (one_in(16))
		do_fault(pick_fault());
	exit();
}

// What a child built by hand runs: text shared read-only with its
// parent, one fresh stack page, no data. A few calls, then it exits.
static void
built_child_main(void)
{
	envid_t me = sys_getenvid();
	int r;

	// Its parent may change its memory and registers at any time: it
	// reports nothing.
	if ((r = sys_page_alloc(0, (void *) SCRATCH, PTE_P | PTE_U | PTE_W)) == 0 &&
	    (r = sys_page_map(0, (void *) SCRATCH, 0, (void *) (SCRATCH + PGSIZE), PTE_P | PTE_U)) == 0)
		sys_page_unmap(0, (void *) SCRATCH);
	*(volatile uint32_t *) (USTACKTOP - 2 * PGSIZE) = me;	// stack growth
	sys_env_destroy(0);
}

static bool
was_built(envid_t id)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(built); i++)
		if (built[i] == id)
			return true;
	return false;
}

// A child put together with sys_exofork, sys_page_map, sys_page_alloc,
// sys_env_set_trapframe and sys_env_set_status, as a JOS dumbfork would.
static void
build_child(void)
{
	uintptr_t va;
	envid_t id;
	int r;
	struct Trapframe *tf = (struct Trapframe *) tfwords;

	count_call();
	if ((id = sys_exofork()) <= 0)
		return;		// < 0: no env or memory; 0: cannot happen
	if (nkids == MAXKIDS) {
		sys_env_destroy(kids[0]);
		forget_kid(0);
	}
	kids[nkids++] = id;
	built[nbuilt++ % ARRAY_SIZE(built)] = id;
	for (va = UTEXT; va < (uintptr_t) etext; va += PGSIZE)
		if ((r = sys_page_map(0, (void *) va, id, (void *) va, PTE_P | PTE_U)) < 0)
			goto out;
	if ((r = sys_page_alloc(id, (void *) (USTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		goto out;
	memset(tfwords, 0, sizeof(tfwords));
	tf->tf_eip = (uintptr_t) built_child_main;
	tf->tf_esp = USTACKTOP - 16;
	tf->tf_eflags = one_in(8) ? FL_TF : 0;	// sometimes single-stepped: dies
	if ((r = sys_env_set_trapframe(id, tf)) < 0 ||
	    (r = sys_env_set_status(id, ENV_RUNNABLE)) < 0)
		goto out;
	return;
out:
	if (r != -E_NO_MEM)
		bad_check("building a child by hand", r);
}

static uint32_t worker_life;		// set by the parent before the copy
static uint32_t hogged;			// pages hoarded at HOG

// Hoard pages, or give some back: with little memory (QEMU -m 16) the
// workers run it out, and every call must then fail cleanly.
static void
hog(void)
{
	uint32_t n = below(HOG_MAX / 4);
	int r;

	count_call();
	if (hogged && one_in(3)) {
		while (hogged && n--)
			sys_page_unmap(0, (void *) (HOG + --hogged * PGSIZE));
		return;
	}
	while (n-- && hogged < HOG_MAX) {
		r = sys_page_alloc(0, (void *) (HOG + hogged * PGSIZE), PTE_P | PTE_U | PTE_W);
		if (r == -E_NO_MEM)
			break;
		if (r < 0) {
			bad_check("sys_page_alloc while hoarding pages", r);
			break;
		}
		hogged++;
	}
}

// A worker starts here, on a fresh stack, with a copy of the parent's
// data (see spawn_worker).
static void
worker(void)
{
	uintptr_t sp = (uintptr_t) &sp;
	uint32_t life = worker_life;

	myid = sys_getenvid();
	thisenv = &envs[ENVX(myid)];
	parentid = thisenv->env_parent_id;
	stack_low = ROUNDDOWN(sp, PGSIZE) - 4 * PGSIZE;
	cow_word = myid;
	// A value in the x87 registers, to find there at the end.
	asm volatile("fninit; fildl %0" :: "m" (myid));

	while (ncalls < life && !SH->stop) {
		if (one_in(FAULT_ODDS)) {
			destroy_kids();
			count_call();
			do_fault(pick_fault());
			continue;
		}
		if (one_in(BUILD_ODDS)) {
			build_child();
			continue;
		}
		if (one_in(HOG_ODDS)) {
			hog();
			continue;
		}
		one_call();
	}
	destroy_kids();
	// The x87 register loaded at the start is still there, and no
	// exception of someone else's is pending.
	int32_t x87;
	uint16_t sw;
	asm volatile("fistpl %0; fnstsw %1" : "=m" (x87), "=m" (sw));
	if (x87 != myid)
		bad_check("x87 register changed", x87);
	if (sw & 0x80)		// ES: an unmasked exception pending
		bad_check("someone else's x87 exception pending", sw);
	SH->slot[slotidx].exited = 1;
	exit();
}

// ---------------------------------------------------------------------
// The parent.
// ---------------------------------------------------------------------

static envid_t the_parent;

#define PARENT_TMP	0x0C000000	// where the parent fills a worker's page

// A worker, put together by hand: fork() would make the parent's pages
// copy-on-write, and the parent's next write would need a page, which
// the workers may have left none of. This way the parent needs no memory
// once running: the worker gets the text read-only, copies of the data
// pages (filled through PARENT_TMP), the shared page, a fresh stack.
static envid_t
spawn_worker(void)
{
	struct Trapframe *tf = (struct Trapframe *) tfwords;
	uintptr_t va;
	envid_t id;
	int r;

	if ((id = sys_exofork()) < 0)
		return id;
	if (id == 0)
		exit();		// cannot happen: not runnable until set up
	for (va = UTEXT; va < ROUNDUP((uintptr_t) etext, PGSIZE); va += PGSIZE)
		if ((r = sys_page_map(0, (void *) va, id, (void *) va, PTE_P | PTE_U)) < 0)
			goto fail;
	for (; va < (uintptr_t) end; va += PGSIZE) {
		if ((r = sys_page_alloc(id, (void *) va, PTE_P | PTE_U | PTE_W)) < 0 ||
		    (r = sys_page_map(id, (void *) va, 0, (void *) PARENT_TMP, PTE_P | PTE_U | PTE_W)) < 0)
			goto fail;
		memcpy((void *) PARENT_TMP, (void *) va, PGSIZE);
		sys_page_unmap(0, (void *) PARENT_TMP);
	}
	if ((r = sys_page_map(0, SH, id, SH, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0 ||
	    (r = sys_page_alloc(id, (void *) (USTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		goto fail;
	memset(tfwords, 0, sizeof(tfwords));
	tf->tf_eip = (uintptr_t) worker;
	tf->tf_esp = USTACKTOP - 16;
	if ((r = sys_env_set_trapframe(id, tf)) < 0 ||
	    (r = sys_env_set_status(id, ENV_RUNNABLE)) < 0)
		goto fail;
	return id;
fail:
	sys_page_unmap(0, (void *) PARENT_TMP);
	sys_env_destroy(id);
	return r;
}

// Stack pages the parent will use: grown now, while there is memory.
static void
grow_stack(int n)
{
	volatile char buf[1024];

	buf[0] = 0;
	if (n > 0)
		grow_stack(n - 1);
	buf[1] = buf[0];
}

// Code of the parent run by someone else (a child started somewhere in it
// by a random sys_env_set_trapframe) must not speak for the parent.
static void
parent_only(void)
{
	if (sys_getenvid() != the_parent)
		exit();
}

static uint32_t
arg(int argc, char **argv, int i, uint32_t dflt)
{
	return i < argc ? (uint32_t) strtol(argv[i], NULL, 0) : dflt;
}

void
umain(int argc, char **argv)
{
	uint32_t count, total = 0, base = 0, next_report;
	uint32_t last[MAXWORKERS], idle[MAXWORKERS];
	envid_t wid[MAXWORKERS];
	int nworkers, slotbase = 0, gens[MAXWORKERS];
	int i, r, active, started = 0, died = 0, stuck = 0, failed_forks = 0;
	uint32_t bad = 0;
	bool replay;

	// A copy of this program's memory (a worker's child) started here by
	// a random sys_env_set_trapframe is not the parent.
	if (the_parent)
		exit();
	if (argc > 1 && strcmp(argv[1], "int") == 0)
		way = WAY_INT;
	else if (argc > 1 && strcmp(argv[1], "sysenter") == 0)
		way = WAY_SYSENTER;
	if (way != WAY_BOTH) {
		argc--;
		argv++;
	}
	seed = arg(argc, argv, 1, DEFAULT_SEED);
	count = arg(argc, argv, 2, DEFAULT_COUNT);
	nworkers = arg(argc, argv, 3, 4);
	if (nworkers < 1 || nworkers > MAXWORKERS)
		nworkers = 4;
	replay = argc > 5;
	the_parent = sys_getenvid();
	cprintf("fuzz: seed %u count %u\n", seed, count);
	cprintf("fuzz: calls by %s\n", way == WAY_INT ? "int $0x30" :
		way == WAY_SYSENTER ? "sysenter" : "int $0x30 or sysenter, at random");
	grow_stack(12);

	if ((r = sys_page_alloc(0, SH, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("fuzz: shared page: %e", r);
	for (i = 0; i < nworkers; i++) {
		wid[i] = 0;
		gens[i] = 0;
		last[i] = idle[i] = 0;
	}
	if (replay) {
		slotbase = arg(argc, argv, 4, 0);
		gens[0] = arg(argc, argv, 5, 0);
		cprintf("fuzz: replaying worker %d.%d\n", slotbase, gens[0]);
	}
	next_report = count / 10;

	for (;;) {
		// Count, reap, find the stuck.
		uint32_t running = 0;
		active = 0;
		for (i = 0; i < nworkers; i++) {
			struct slot *s = &SH->slot[i];
			if (!wid[i])
				continue;
			uint32_t c = s->calls;
			if (s->check != ~c || c < last[i] || c > LIFE_MIN + LIFE_SPAN + 1)
				c = last[i];	// trampled: keep the old count
			if (c != last[i]) {
				last[i] = c;
				idle[i] = 0;
			} else
				idle[i]++;
			if (!env_alive(wid[i])) {
				if (!s->exited)
					died++;
				bad += s->bad;
				base += last[i];
				wid[i] = 0;
				continue;
			}
			const volatile struct Env *e = &envs[ENVX(wid[i])];
			if (idle[i] > (e->env_status == ENV_NOT_RUNNABLE ? STUCK_BLOCKED : STUCK_RUNNING)) {
				parent_only();
				cprintf("fuzz: worker %d.%d [%08x] stuck after %u calls (%s): destroying it\n",
					slotbase + i, gens[i] - 1, wid[i], last[i],
					e->env_ipc_recving ? "in ipc_recv" :
					e->env_status == ENV_NOT_RUNNABLE ? "not runnable" : "running");
				sys_env_destroy(wid[i]);
				stuck++;
				died++;
				bad += s->bad;
				base += last[i];
				wid[i] = 0;
				continue;
			}
			running += last[i];
			active++;
		}
		total = base + running;

		if ((pte_of(SHVA) & (PTE_P | PTE_U | PTE_W | PTE_SHARE)) != (PTE_P | PTE_U | PTE_W | PTE_SHARE)) {
			parent_only();
			cprintf("fuzz: BAD RESULT the parent's shared page is gone (pte %08x)\n", pte_of(SHVA));
			bad++;
			break;
		}
		if (total >= next_report && !SH->stop) {
			parent_only();
			cprintf("fuzz: %u calls, %d workers started, %d died\n", total, started, died);
			next_report += count / 10 ? count / 10 : 1;
		}
		if (total >= count)
			SH->stop = 1;
		if (SH->stop && active == 0)
			break;

		// Replace the missing.
		for (i = 0; i < nworkers && !SH->stop; i++) {
			if (wid[i])
				continue;
			struct slot *s = &SH->slot[i];
			s->calls = 0;
			s->check = ~0;
			s->bad = 0;
			s->exited = 0;
			last[i] = 0;
			idle[i] = 0;
			slotidx = i;
			slotno = slotbase + i;
			gen = gens[i]++;
			rng_seed(seed, slotno, gen);
			worker_life = LIFE_MIN + below(LIFE_SPAN);
			if ((r = spawn_worker()) < 0) {
				gens[i]--;
				if (failed_forks++ % 1000 == 0)
					cprintf("fuzz: starting a worker: %e (%d failures so far)\n", r, failed_forks);
				break;
			}
			parent_only();
			wid[i] = r;
			started++;
			cprintf("fuzz: worker %d.%d is %08x\n", slotbase + i, gen, r);
		}
		sys_yield();
	}
	parent_only();
	cprintf("fuzz: done, %u calls, %d workers died (%d stuck), %d failed starts, %u bad results\n",
		total, died, stuck, failed_forks, bad);
	if (bad)
		cprintf("fuzz: BAD RESULT count %u\n", bad);
}
