// A storm of faults: hundreds of environments, each dying of an exception
// of its own kind (page faults of every sort, divide errors, invalid
// opcodes, breakpoints, software interrupts to kernel-only vectors,
// privileged instructions, bad segment loads, far transfers into ring 0,
// a nested-task iret, single steps, broken page-fault handlers, an iret
// into vm86 mode...).
//
//	faultstorm [N [BATCH]]
//
// The parent forks N children (300 by default), at most BATCH (64) alive
// at once, and waits for each. A child notes in a shared page that it
// started, then faults; if it is still alive after the fault it says so
// and exits. The kernel must kill each one and nothing else, lose no
// page, and never hang: the summary line counts what happened.

#include <inc/lib.h>

#define DEFAULT_N	300
#define DEFAULT_BATCH	64
#define MAXN		1000
#define STATE		((volatile uint8_t *) 0x0E000000)	// shared with the children

enum { NOT_STARTED = 0, STARTED, SURVIVED };

// `int $N; ret` for every N: storm_int_table + 3 * N.
asm(".text\n"
    ".globl storm_int_table\n"
    "storm_int_table:\n"
    ".set n, 0\n"
    ".rept 256\n"
    ".byte 0xcd, n, 0xc3\n"
    ".set n, n + 1\n"
    ".endr\n");
extern char storm_int_table[];

static int child_index;

// The recursion that runs off the 1 MiB stack.
static int
deep(volatile char *p, int n)
{
	volatile char buf[1024];

	buf[0] = *p;
	if (n == 0)
		return buf[0];
	return deep(buf, n - 1) + buf[1];
}

// A page-fault handler that faults itself: the exception stack fills up.
static void
faulting_handler(struct UTrapframe *utf)
{
	*(volatile uint32_t *) (0x100 + (utf->utf_esp & 0xff)) = 0;
}

static void
ud2_function(void)
{
	asm volatile("ud2");
}

extern char etext[];

// A kernel-only vector for child i: anything but 3 (breakpoint) and 48
// (system call), different from child to child.
static int
kernel_vector(int i)
{
	int v = (i * 37 + 1) % 256;
	return v == T_BRKPT || v == T_SYSCALL ? v + 1 : v;
}

struct kind {
	const char *name;
	bool optional;		// may be legal on some set-up (CR0.AM, NE, SSE)
};

static const struct kind kinds[] = {
	{ "read of address 0" },
	{ "write to address 0" },
	{ "write to own text" },
	{ "read of kernel memory" },
	{ "write to kernel memory" },
	{ "jump to an unmapped address" },
	{ "jump into the kernel" },
	{ "write to UVPT" },
	{ "write to UENVS" },
	{ "divide by zero" },
	{ "divide overflow" },
	{ "ud2" },
	{ "int3" },
	{ "int $14" },
	{ "int $32" },
	{ "int to a kernel-only vector" },
	{ "cli" },
	{ "hlt" },
	{ "inb" },
	{ "outb to the exit port" },
	{ "mov to cr3" },
	{ "mov from cr0" },
	{ "lgdt" },
	{ "rdmsr" },
	{ "kernel data selector in ds" },
	{ "TSS selector in es" },
	{ "selector past the GDT in fs" },
	{ "null selector in ss" },
	{ "LDT selector in gs" },
	{ "ljmp to kernel code" },
	{ "lcall to the TSS" },
	{ "lret to ring 0" },
	{ "iret to ring 0" },
	{ "iret with NT set" },
	{ "into with OF set" },
	{ "bound" },
	{ "single step (TF)" },
	{ "icebp" },
	{ "sysenter" },
	{ "stack overflow" },
	{ "push with esp in the kernel" },
	{ "page fault, upcall unmapped" },
	{ "page fault, handler faults" },
	{ "page fault, no exception stack" },
	{ "page fault, upcall is not a handler" },
	{ "page fault, exception stack overflowed" },
	{ "mov to dr7" },
	{ "rdpmc" },
	{ "ljmp to a null selector" },
	{ "lldt" },
	{ "invlpg" },
	{ "wbinvd" },
	{ "clts" },
	{ "pop kernel selector into ds" },
	{ "execute the stack guard page" },
	{ "alignment check", true },
	{ "x87 error", true },
	{ "SSE instruction", true },
	{ "iret into vm86 mode, cs 0" },
	{ "iret into vm86 mode, cs 3" },
	{ "system call from vm86 mode" },
};

#define NKINDS	((int) ARRAY_SIZE(kinds))

static void
do_fault(int k, int i)
{
	uint32_t bounds[2] = { 0, 1 };
	uint16_t cw = 0x037B;		// x87: zero-divide unmasked
	uint64_t zero = 0;
	uint16_t sel;
	struct Pseudodesc pd = { 0, 0 };

	switch (k) {
	case 0: USED(*(volatile uint32_t *) 0); break;
	case 1: *(volatile uint32_t *) 0 = 0; break;
	case 2: *(volatile uint32_t *) UTEXT = 0xdeadbeef; break;
	case 3: USED(*(volatile uint32_t *) KERNBASE); break;
	case 4: *(volatile uint32_t *) (KERNBASE + 0x100000) = 0; break;
	case 5: ((void (*)(void)) 0x1000)(); break;
	case 6: ((void (*)(void)) (KERNBASE + 0x100000))(); break;
	case 7: *(volatile uint32_t *) UVPT = 0; break;
	case 8: *(volatile uint32_t *) UENVS = 0; break;
	case 9: asm volatile("movl $1, %%eax; xorl %%ecx, %%ecx; divl %%ecx" ::: "eax", "ecx", "edx"); break;
	case 10: asm volatile("movl $0x80000000, %%eax; cltd; movl $-1, %%ecx; idivl %%ecx" ::: "eax", "ecx", "edx"); break;
	case 11: asm volatile("ud2"); break;
	case 12: asm volatile("int3"); break;
	case 13: asm volatile("int $14"); break;
	case 14: asm volatile("int $32"); break;
	case 15: ((void (*)(void)) (storm_int_table + 3 * kernel_vector(i)))(); break;
	case 16: asm volatile("cli"); break;
	case 17: asm volatile("hlt"); break;
	case 18: asm volatile("inb $0x64, %%al" ::: "eax"); break;
	case 19: asm volatile("outb %%al, $0xf4" :: "a" (0)); break;
	case 20: asm volatile("movl $0, %%eax; movl %%eax, %%cr3" ::: "eax"); break;
	case 21: asm volatile("movl %%cr0, %%eax" ::: "eax"); break;
	case 22: asm volatile("lgdt %0" :: "m" (pd)); break;
	case 23: asm volatile("xorl %%ecx, %%ecx; rdmsr" ::: "eax", "ecx", "edx"); break;
	case 24: sel = GD_KD; asm volatile("movw %0, %%ds" :: "r" (sel)); break;
	case 25: sel = GD_TSS0; asm volatile("movw %0, %%es" :: "r" (sel)); break;
	case 26: sel = 0xfff8; asm volatile("movw %0, %%fs" :: "r" (sel)); break;
	case 27: sel = 0; asm volatile("movw %0, %%ss" :: "r" (sel)); break;
	case 28: sel = 0x0f; asm volatile("movw %0, %%gs" :: "r" (sel)); break;
	case 29: asm volatile("ljmp $0x08, $0"); break;
	case 30: asm volatile("lcall $0x28, $0"); break;
	case 31: asm volatile("pushl $0x08; pushl $1f; lret; 1:" ::: "memory"); break;
	case 32: asm volatile("pushfl; pushl $0x08; pushl $1f; iret; 1:" ::: "memory"); break;
	case 33:
		asm volatile("pushfl; orl $0x4000, (%%esp); popfl; pushfl; pushl %%cs; pushl $1f; iret; 1:"
			     ::: "memory", "cc");
		break;
	case 34: asm volatile("movl $0x7fffffff, %%eax; addl $1, %%eax; into" ::: "eax", "cc"); break;
	case 35: asm volatile("movl $5, %%eax; boundl %%eax, (%0)" :: "r" (bounds) : "eax"); break;
	case 36: asm volatile("pushfl; orl $0x100, (%%esp); popfl; nop; nop" ::: "cc"); break;
	case 37: asm volatile(".byte 0xf1"); break;
	case 38: asm volatile("sysenter"); break;
	case 39: deep((volatile char *) &cw, 4096); break;
	case 40:
		asm volatile("movl %%esp, %%ebx; movl $0xf0001000, %%esp; pushl $1; movl %%ebx, %%esp"
			     ::: "ebx", "memory");
		break;
	case 41:
		sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
		sys_env_set_pgfault_upcall(0, (void *) 0x3000);
		*(volatile uint32_t *) 0x10 = 0;
		break;
	case 42:
		set_pgfault_handler(faulting_handler);
		*(volatile uint32_t *) 0x10 = 0;
		break;
	case 43:
		sys_env_set_pgfault_upcall(0, (void *) ud2_function);
		*(volatile uint32_t *) 0x10 = 0;
		break;
	case 44:
		sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
		sys_env_set_pgfault_upcall(0, (void *) ud2_function);
		*(volatile uint32_t *) 0x10 = 0;
		break;
	case 45:
		set_pgfault_handler(faulting_handler);
		asm volatile("movl %%esp, %%ebx; movl %0, %%esp; movl 0x10, %%eax; movl %%ebx, %%esp"
			     :: "i" (UXSTACKTOP - PGSIZE + 20) : "eax", "ebx", "memory");
		break;
	case 46: asm volatile("movl %%eax, %%dr7" :: "a" (0)); break;
	case 47: asm volatile("xorl %%ecx, %%ecx; rdpmc" ::: "eax", "ecx", "edx"); break;
	case 48: asm volatile("ljmp $0x00, $0"); break;
	case 49: sel = 0; asm volatile("lldt %0" :: "r" (sel)); break;
	case 50: asm volatile("invlpg (%0)" :: "r" (UTEXT)); break;
	case 51: asm volatile("wbinvd"); break;
	case 52: asm volatile("clts"); break;
	case 53: asm volatile("pushl $0x10; popl %%ds" ::: "memory"); break;
	case 54: ((void (*)(void)) (USTACKTOP - USTACKSIZE - PGSIZE))(); break;
	case 55:
		asm volatile("pushfl; orl $0x40000, (%%esp); popfl; movl 1(%%esp), %%eax; "
			     "pushfl; andl $~0x40000, (%%esp); popfl" ::: "eax", "cc");
		break;
	case 56:
		asm volatile("fninit; fldcw %0; fld1; fdivl %1; fwait" :: "m" (cw), "m" (zero));
		break;
	case 57: asm volatile("movaps %xmm0, %xmm1"); break;
	case 58:
	case 59:
		// Real processors ignore VM in an iret at ring 3; QEMU's TCG
		// enters vm86 mode, where the first instruction faults.
		asm volatile("pushl $0; pushl $0; pushl $0; pushl $0; pushl $0\n"
			     "pushl $0x1000\n"		// esp
			     "pushl $0x20202\n"	// eflags: VM, IF, IOPL 0
			     "pushl %0\n"		// cs
			     "pushl $0x1000\n"		// eip
			     "iret" :: "r" (k == 58 ? 0 : 3) : "memory");
		break;
	case 60:
		// With IOPL 3 (QEMU's iret lets ring 3 set that too), int $0x30
		// in vm86 mode reaches the system call gate.
		sys_page_alloc(0, (void *) 0x1000, PTE_P | PTE_U | PTE_W);
		memcpy((void *) 0x1000, "\xcd\x30\xeb\xfe", 4);	// int $0x30; jmp .
		asm volatile("movl %0, %%eax\n"
			     "pushl $0; pushl $0; pushl $0; pushl $0; pushl $0\n"
			     "pushl $0x2000\n"		// esp
			     "pushl $0x23202\n"	// eflags: VM, IOPL 3, IF
			     "pushl $0\n"		// cs
			     "pushl $0x1000\n"		// eip
			     "iret" :: "i" (SYS_getenvid) : "eax", "memory");
		break;
	}
}

void
umain(int argc, char **argv)
{
	int n = argc > 1 ? strtol(argv[1], NULL, 0) : DEFAULT_N;
	int batch = argc > 2 ? strtol(argv[2], NULL, 0) : DEFAULT_BATCH;
	envid_t ids[MAXN];
	int started = 0, died = 0, survived = 0, hung = 0, failed = 0;
	int i, r, alive, next = 0, waited;
	int survivors[NKINDS];

	if (n < 1 || n > MAXN)
		n = DEFAULT_N;
	if (batch < 1)
		batch = DEFAULT_BATCH;
	cprintf("faultstorm: %d environments, %d kinds of fault, at most %d at once\n",
		n, NKINDS, batch);
	if ((r = sys_page_alloc(0, (void *) STATE, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("faultstorm: state page: %e", r);
	memset(survivors, 0, sizeof(survivors));

	// Keep up to `batch` children alive until all n have been started.
	for (waited = 0; ; waited++) {
		alive = 0;
		for (i = 0; i < next; i++) {
			if (!ids[i])
				continue;
			if (envs[ENVX(ids[i])].env_id == ids[i] &&
			    envs[ENVX(ids[i])].env_status != ENV_FREE) {
				alive++;
				continue;
			}
			ids[i] = 0;
			if (STATE[i] == STARTED)
				died++;
			else if (STATE[i] == SURVIVED) {
				survived++;
				survivors[i % NKINDS]++;
			}
		}
		if (next == n && alive == 0)
			break;
		// A child that neither dies nor exits hangs the kernel's
		// promise: after a long wait, say so and destroy them all.
		if (waited > 20000) {
			for (i = 0; i < next; i++)
				if (ids[i]) {
					cprintf("faultstorm: child %d (%s) hangs: destroying it\n",
						i, kinds[i % NKINDS].name);
					sys_env_destroy(ids[i]);
					ids[i] = 0;
					hung++;
				}
			waited = 0;
			continue;
		}
		while (alive < batch && next < n) {
			if ((r = fork()) == 0) {
				child_index = next;
				STATE[child_index] = STARTED;
				do_fault(child_index % NKINDS, child_index);
				STATE[child_index] = SURVIVED;
				cprintf("faultstorm: child %d survived %s\n",
					child_index, kinds[child_index % NKINDS].name);
				exit();
			}
			if (r < 0) {
				failed++;
				break;		// wait for some to go
			}
			ids[next++] = r;
			started++;
			alive++;
			waited = 0;
		}
		sys_yield();
	}

	for (i = 0; i < NKINDS; i++)
		if (survivors[i])
			cprintf("faultstorm: %d survived %s%s\n", survivors[i], kinds[i].name,
				kinds[i].optional ? " (allowed on this set-up)" : "");
	int bad_survivors = 0;
	for (i = 0; i < NKINDS; i++)
		if (survivors[i] && !kinds[i].optional)
			bad_survivors += survivors[i];
	cprintf("faultstorm: %d started, %d died of their fault, %d survived (%d should not have), %d hung, %d forks failed\n",
		started, died, survived, bad_survivors, hung, failed);
	if (started == n && died + survived == n && bad_survivors == 0 && hung == 0)
		cprintf("faultstorm: ok\n");
}
