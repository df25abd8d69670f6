// The page-fault upcall must be invisible: the handler sees in the
// UTrapframe exactly the registers of the faulting instruction, and after
// it returns every register and eflags are as they were before the fault.
//
// probe() (assembly, below) loads a known value into every register and
// some arithmetic flags, records them in `before`, writes to the unmapped
// page UTEMP (the handler maps it), and records everything again in
// `after`.
#include <inc/lib.h>

struct regs {
	struct PushRegs r;	// edi esi ebp oesp ebx edx ecx eax: offsets 0-28
	uint32_t eip;		// 32
	uint32_t eflags;	// 36
	uint32_t esp;		// 40
};

struct regs before, during, after;
uint32_t during_va, during_err;
int nfaults;

void probe(void);
extern char probe_fault[];	// the faulting instruction

// CF PF AF ZF SF OF: flags the handler's own code will certainly change.
#define TEST_FLAGS	0x8d5

asm(".text\n"
    ".globl probe\n"
    "probe:\n"
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
    "	movl $0x88888888, %eax\n"
    "	pushfl\n"
    "	orl $0x8d5, (%esp)\n"
    "	popfl\n"
    // From here on, only moves to memory, pushfl and popl: no flag changes.
    "	movl %edi, before+0\n"
    "	movl %esi, before+4\n"
    "	movl %ebp, before+8\n"
    "	movl %ebx, before+16\n"
    "	movl %edx, before+20\n"
    "	movl %ecx, before+24\n"
    "	movl %eax, before+28\n"
    "	movl $probe_fault, before+32\n"
    "	pushfl\n"
    "	popl before+36\n"
    "	movl %esp, before+40\n"
    ".globl probe_fault\n"
    "probe_fault:\n"
    "	movl $0x5a5a5a5a, 0x400000\n"	// UTEMP: not mapped yet
    "	movl %edi, after+0\n"
    "	movl %esi, after+4\n"
    "	movl %ebp, after+8\n"
    "	movl %ebx, after+16\n"
    "	movl %edx, after+20\n"
    "	movl %ecx, after+24\n"
    "	movl %eax, after+28\n"
    "	pushfl\n"
    "	popl after+36\n"
    "	movl %esp, after+40\n"
    "	popl %edi\n"
    "	popl %esi\n"
    "	popl %ebx\n"
    "	popl %ebp\n"
    "	ret\n");

static void
handler(struct UTrapframe *utf)
{
	int r;

	if (nfaults++ || utf->utf_fault_va != (uint32_t) UTEMP)
		panic("faultregs: unexpected fault %d at %08x, eip %08x, err %x",
		      nfaults, utf->utf_fault_va, utf->utf_eip, utf->utf_err);
	during.r = utf->utf_regs;
	during.eip = utf->utf_eip;
	during.eflags = utf->utf_eflags;
	during.esp = utf->utf_esp;
	during_va = utf->utf_fault_va;
	during_err = utf->utf_err;
	if ((r = sys_page_alloc(0, UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("faultregs: sys_page_alloc: %e", r);
}

static int nbad;

static void
compare(const char *what, const char *name, uint32_t want, uint32_t got)
{
	if (want == got)
		return;
	cprintf("faultregs: %s: %s is %08x, expected %08x\n", what, name, got, want);
	nbad++;
}

static int
compare_regs(const char *what, struct regs *a, struct regs *b, bool with_eip)
{
	int bad = nbad;

	compare(what, "edi", a->r.reg_edi, b->r.reg_edi);
	compare(what, "esi", a->r.reg_esi, b->r.reg_esi);
	compare(what, "ebp", a->r.reg_ebp, b->r.reg_ebp);
	compare(what, "ebx", a->r.reg_ebx, b->r.reg_ebx);
	compare(what, "edx", a->r.reg_edx, b->r.reg_edx);
	compare(what, "ecx", a->r.reg_ecx, b->r.reg_ecx);
	compare(what, "eax", a->r.reg_eax, b->r.reg_eax);
	if (with_eip)
		compare(what, "eip", a->eip, b->eip);
	compare(what, "eflags", a->eflags, b->eflags);
	compare(what, "esp", a->esp, b->esp);
	return nbad == bad;
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	probe();

	if (nfaults != 1)
		panic("faultregs: %d faults, expected 1", nfaults);
	if ((before.eflags & TEST_FLAGS) != TEST_FLAGS)
		panic("faultregs: flags %08x not set up", before.eflags);
	cprintf("faultregs: before the fault: eflags %08x esp %08x eip %08x\n",
		before.eflags, before.esp, before.eip);

	compare("in the UTrapframe", "fault_va", (uint32_t) UTEMP, during_va);
	compare("in the UTrapframe", "err", FEC_U | FEC_WR, during_err);
	if (compare_regs("in the UTrapframe", &before, &during, true))
		cprintf("faultregs: registers in the UTrapframe, ok\n");

	if (compare_regs("after resuming", &before, &after, false))
		cprintf("faultregs: registers after resuming, ok\n");

	if (*(volatile uint32_t *) UTEMP != 0x5a5a5a5a)
		panic("faultregs: the faulting write did not happen");
	cprintf("faultregs: the faulting write took effect, ok\n");

	if (nbad)
		panic("faultregs: %d registers differ", nbad);
	cprintf("faultregs: all registers preserved, ok\n");
}
