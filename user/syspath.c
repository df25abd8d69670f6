// The two ways into the kernel, int $0x30 and sysenter, side by side
// (README.md, "Two ways into the kernel"). The grade tests run it as
//
//	syspath regs int|sysenter	which registers come back as they went
//	syspath badptr int|sysenter	a bad pointer to sys_cputs kills the caller
//	syspath hostile		children make sysenter calls with hostile
//				registers and flags; each must end as it should
//	syspath step		int3, then a sysenter for the monitor's stepi
//	syspath preempt		two environments that never yield, making
//				sysenter calls: the timer must still switch them
#include <inc/lib.h>
#include <inc/x86.h>

// A probe records the registers before and after its call: the order of
// struct PushRegs, then eip (the return address given), eflags and esp.
struct regs {
	struct PushRegs r;	// edi esi ebp oesp ebx edx ecx eax: 0-28
	uint32_t eip;		// 32
	uint32_t eflags;	// 36
	uint32_t esp;		// 40
};

struct regs in_before, in_after, se_before, se_after;
uint32_t probe_num = SYS_ipc_try_send;	// four arguments, a bad envid: -E_BAD_ENV

void probe_int(void);
void probe_sysenter(void);
extern char probe_sysenter_ret[];

// CF PF AF ZF SF OF. The probes set them and ID (0x200000), a flag
// nobody touches, before the call.
#define ARITH_FLAGS	0x8d5

// SAVE_REGS where: the registers, eflags and esp into a struct regs,
// touching no flag.
asm(".macro SAVE_REGS where\n"
    "	movl %edi, \\where+0\n"
    "	movl %esi, \\where+4\n"
    "	movl %ebp, \\where+8\n"
    "	movl %ebx, \\where+16\n"
    "	movl %edx, \\where+20\n"
    "	movl %ecx, \\where+24\n"
    "	movl %eax, \\where+28\n"
    "	pushfl\n"
    "	popl \\where+36\n"
    "	movl %esp, \\where+40\n"
    ".endm\n");

// int $0x30 with every register set: all but %eax must come back.
asm(".text\n"
    ".globl probe_int\n"
    "probe_int:\n"
    "	pushl %ebp\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	pushl %edi\n"
    "	movl $0x11111111, %edi\n"
    "	movl $0x22222222, %esi\n"
    "	movl $0x33333333, %ebp\n"
    "	movl $0x55555555, %ebx\n"
    "	movl $0x66666666, %edx\n"
    "	movl $0x77777777, %ecx\n"
    "	movl probe_num, %eax\n"
    "	pushfl\n"
    "	orl $0x2008d5, (%esp)\n"
    "	popfl\n"
    "	SAVE_REGS in_before\n"
    "	int $0x30\n"
    "	SAVE_REGS in_after\n"
    "	pushfl\n"
    "	andl $~0x200000, (%esp)\n"
    "	popfl\n"
    "	popl %edi\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n");

// sysenter the library's way: %esi the return address, %ebp the stack.
asm(".text\n"
    ".globl probe_sysenter\n"
    "probe_sysenter:\n"
    "	pushl %ebp\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	pushl %edi\n"
    "	movl $0x11111111, %edi\n"
    "	movl $0x55555555, %ebx\n"
    "	movl $0x66666666, %edx\n"
    "	movl $0x77777777, %ecx\n"
    "	movl probe_num, %eax\n"
    "	movl %esp, %ebp\n"
    "	movl $probe_sysenter_ret, %esi\n"
    "	pushfl\n"
    "	orl $0x200000, (%esp)\n"
    "	popfl\n"
    "	SAVE_REGS se_before\n"
    "	sysenter\n"
    ".globl probe_sysenter_ret\n"
    "probe_sysenter_ret:\n"
    "	SAVE_REGS se_after\n"
    "	pushfl\n"
    "	andl $~0x200000, (%esp)\n"
    "	popfl\n"
    "	popl %edi\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n");

static int nbad;

static void
expect(const char *way, const char *what, uint32_t got, uint32_t want)
{
	if (got != want) {
		cprintf("syspath: %s: %s is %08x, not %08x\n", way, what, got, want);
		nbad++;
	}
}

static void
regs_int(void)
{
	static const char *const names[8] = {
		"edi", "esi", "ebp", "oesp", "ebx", "edx", "ecx", "eax"
	};
	uint32_t *b, *a;
	int i;

	probe_int();
	b = (uint32_t *) &in_before.r;
	a = (uint32_t *) &in_after.r;
	for (i = 0; i < 7; i++)
		if (i != 3)
			expect("int", names[i], a[i], b[i]);
	expect("int", "eax", in_after.r.reg_eax, -E_BAD_ENV);
	expect("int", "eflags", in_after.eflags, in_before.eflags);
	expect("int", "esp", in_after.esp, in_before.esp);
	if (!nbad)
		cprintf("syspath: int: every register but eax preserved, eflags too\n");
}

static void
regs_sysenter(void)
{
	probe_sysenter();
	expect("sysenter", "edi", se_after.r.reg_edi, 0x11111111);
	expect("sysenter", "ebx", se_after.r.reg_ebx, 0x55555555);
	expect("sysenter", "esi", se_after.r.reg_esi, (uint32_t) probe_sysenter_ret);
	expect("sysenter", "ebp", se_after.r.reg_ebp, se_before.esp);
	expect("sysenter", "edx (the return address)", se_after.r.reg_edx, (uint32_t) probe_sysenter_ret);
	expect("sysenter", "ecx (the stack pointer)", se_after.r.reg_ecx, se_before.esp);
	expect("sysenter", "eax", se_after.r.reg_eax, -E_BAD_ENV);
	expect("sysenter", "esp", se_after.esp, se_before.esp);
	// All flags but the arithmetic ones and DF; IF must be on again.
	expect("sysenter", "eflags", se_after.eflags & ~(ARITH_FLAGS | FL_DF),
	       se_before.eflags & ~(ARITH_FLAGS | FL_DF));
	expect("sysenter", "IF", se_after.eflags & FL_IF, FL_IF);
	if (!nbad)
		cprintf("syspath: sysenter: ebx, esi, edi, ebp preserved, edx/ecx the return eip/esp, eflags but the arithmetic flags\n");
}

static void
badptr(const char *way)
{
	const char *bad = (const char *) 0xf0100000;

	cprintf("syspath: sys_cputs(%08x) by %s\n", bad, way);
	if (strcmp(way, "int") == 0)
		syscall_int(SYS_cputs, (uint32_t) bad, 16, 0, 0, 0);
	else
		syscall_sysenter(SYS_cputs, (uint32_t) bad, 16, 0, 0);
	cprintf("syspath: survived a bad pointer by %s\n", way);
}

// One sysenter getenvid with the given return address and stack pointer;
// comes back only if both were good. The stack the kernel returns to is
// popped by the first instruction there. Not inlined: one label.
static int32_t __attribute__((noinline))
sysenter_with(uint32_t eip, uint32_t esp)
{
	int32_t r;

	asm volatile("pushl %%ebp\n\t"
		     "movl %3, %%ebp\n\t"
		     "sysenter\n"
		     ".globl syspath_after\n"
		     "syspath_after:\n\t"
		     "popl %%ebp"
		     : "=a" (r), "+S" (eip)
		     : "0" (SYS_getenvid), "r" (esp)
		     : "ecx", "edx", "cc", "memory");
	return r;
}
extern char syspath_after[];

// A getenvid by sysenter with extra flags set just before it.
static int32_t
sysenter_flags(uint32_t flags, uint32_t *flags_after)
{
	int32_t r;
	uint32_t after;

	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "movl $1f, %%esi\n\t"
		     "pushfl\n\t"
		     "orl %%ebx, (%%esp)\n\t"
		     "popfl\n\t"			// with TF: the step is the sysenter
		     "sysenter\n"
		     "1:\tpushfl\n\t"
		     "popl %%edi\n\t"
		     "notl %%ebx\n\t"
		     "pushfl\n\t"
		     "andl %%ebx, (%%esp)\n\t"
		     "popfl\n\t"
		     "popl %%ebp"
		     : "=a" (r), "=D" (after), "+b" (flags)
		     : "0" (SYS_getenvid)
		     : "ecx", "edx", "esi", "cc", "memory");
	*flags_after = after;
	return r;
}

// sys_page_alloc by sysenter with the direction flag set: the kernel
// zeroes the page with string instructions.
static int32_t
alloc_with_df(void *va)
{
	int32_t r;

	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "movl $1f, %%esi\n\t"
		     "std\n\t"
		     "sysenter\n"
		     "1:\tcld\n\t"
		     "popl %%ebp"
		     : "=a" (r)
		     : "0" (SYS_page_alloc), "d" (0), "c" (va), "b" (PTE_P | PTE_U | PTE_W)
		     : "esi", "cc", "memory");
	return r;
}

// getenvid by sysenter with null %ds and %es: the kernel must not use
// them. (No memory operands here: %ebp is not the frame pointer inside.)
static int32_t
sysenter_null_ds(uint32_t *ds_after)
{
	int32_t r;
	uint32_t ds;

	asm volatile("pushl %%ebp\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "movl $1f, %%esi\n\t"
		     "movw %%di, %%ds\n\t"
		     "movw %%di, %%es\n\t"
		     "sysenter\n"
		     "1:\tmovl %%ds, %%edi\n\t"
		     "popl %%ebp"
		     : "=a" (r), "=D" (ds)
		     : "0" (SYS_getenvid), "1" (0)
		     : "ecx", "edx", "esi", "cc", "memory");
	*ds_after = ds;
	return r;
}

#define SCRATCH		0x10000000

static void
hostile_case(int k)
{
	uint32_t fl = 0;
	uint32_t ds = 0;
	int32_t r;

	switch (k) {
	case 0:
		cprintf("syspath: hostile %d: return address in the kernel\n", k);
		sysenter_with(0xf0100000, read_esp());
		break;
	case 1:
		cprintf("syspath: hostile %d: return address ULIM\n", k);
		sysenter_with(ULIM, read_esp());
		break;
	case 2:
		cprintf("syspath: hostile %d: return address ffffffff\n", k);
		sysenter_with(0xffffffff, read_esp());
		break;
	case 3:
		cprintf("syspath: hostile %d: return address 0\n", k);
		sysenter_with(0, read_esp());
		break;
	case 4:
		cprintf("syspath: hostile %d: stack pointer in the kernel\n", k);
		sysenter_with((uint32_t) syspath_after, KERNBASE);
		break;
	case 5:
		cprintf("syspath: hostile %d: stack pointer 0\n", k);
		sysenter_with((uint32_t) syspath_after, 0);
		break;
	case 6:
		cprintf("syspath: hostile %d: NT set\n", k);
		r = sysenter_flags(FL_NT, &fl);
		cprintf("syspath: NT: returned %08x, NT %s\n", r, fl & FL_NT ? "kept" : "lost");
		return;
	case 7:
		cprintf("syspath: hostile %d: DF set\n", k);
		r = alloc_with_df((void *) SCRATCH);
		cprintf("syspath: DF: page_alloc %d, first word %08x, last word %08x\n",
			r, ((uint32_t *) SCRATCH)[0], ((uint32_t *) SCRATCH)[PGSIZE / 4 - 1]);
		return;
	case 8:
		cprintf("syspath: hostile %d: null ds and es\n", k);
		r = sysenter_null_ds(&ds);
		cprintf("syspath: null ds: returned %08x, ds %04x\n", r, ds);
		return;
	case 9:
		cprintf("syspath: hostile %d: number ffffffff\n", k);
		r = syscall_sysenter(0xffffffff, 1, 2, 3, 4);
		cprintf("syspath: number ffffffff: %e\n", r);
		return;
	case 10:
		cprintf("syspath: hostile %d: TF set (batch: the step ends the program)\n", k);
		r = sysenter_flags(FL_TF, &fl);
		break;
	default:
		return;
	}
	cprintf("syspath: hostile %d: came back\n", k);
}

#define NHOSTILE	11

static void
hostile(void)
{
	envid_t id;
	int k, st;

	for (k = 0; k < NHOSTILE; k++) {
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0) {
			hostile_case(k);
			exit();
		}
		st = wait(id);
		cprintf("syspath: hostile %d: exit status %x\n", k, st);
	}
}

static void
step(void)
{
	int32_t r;

	cprintf("syspath: stepping\n");
	asm volatile("int3\n\t"
		     "pushl %%ebp\n\t"
		     "movl %%esp, %%ebp\n\t"
		     "movl $1f, %%esi\n\t"
		     "sysenter\n"
		     "1:\tpopl %%ebp"
		     : "=a" (r)
		     : "0" (SYS_getenvid)
		     : "ecx", "edx", "esi", "cc", "memory");
	cprintf("syspath: after the steps, getenvid %08x\n", r);
}

// Parent and child both spin on sysenter calls and never yield: only the
// timer can take the CPU from either.
static void
preempt(void)
{
	volatile uint32_t *count = (volatile uint32_t *) SCRATCH;
	envid_t id;
	uint32_t mine = 0;

	if (sys_page_alloc(0, (void *) count, PTE_P | PTE_U | PTE_W | PTE_SHARE) < 0)
		panic("page_alloc");
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0)
		for (;;) {
			sys_getenvid();
			(*count)++;
		}
	while (*count < 10000) {
		sys_getenvid();
		mine++;
	}
	sys_env_destroy(id);
	cprintf("syspath: preempted: the child made %s10000 calls\n", *count >= 10000 ? "" : "not ");
}

void
umain(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (strcmp(what, "regs") == 0 && argc > 2 && strcmp(argv[2], "int") == 0)
		regs_int();
	else if (strcmp(what, "regs") == 0 && argc > 2)
		regs_sysenter();
	else if (strcmp(what, "badptr") == 0 && argc > 2)
		badptr(argv[2]);
	else if (strcmp(what, "hostile") == 0)
		hostile();
	else if (strcmp(what, "step") == 0)
		step();
	else if (strcmp(what, "preempt") == 0)
		preempt();
	else
		cprintf("usage: syspath regs|badptr int|sysenter, or hostile|step|preempt\n");
}
