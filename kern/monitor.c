// The kernel monitor: a small command interpreter on the console, for
// looking at the machine from the inside.

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/assert.h>
#include <inc/x86.h>
#include <inc/error.h>

#include <kern/console.h>
#include <kern/monitor.h>
#include <kern/kdebug.h>
#include <kern/trap.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/sched.h>
#include <kern/cpu.h>
#include <kern/audit.h>
#include <kern/swap.h>
#include <kern/cmdline.h>

struct Command {
	const char *name;
	const char *args;
	const char *desc;
	// Returns -1 to leave the monitor.
	int (*func)(int argc, char** argv, struct Trapframe* tf);
};

static int mon_help(int argc, char **argv, struct Trapframe *tf);
static int mon_kerninfo(int argc, char **argv, struct Trapframe *tf);
static int mon_test_backtrace(int argc, char **argv, struct Trapframe *tf);
static int mon_formats(int argc, char **argv, struct Trapframe *tf);
static int mon_showmappings(int argc, char **argv, struct Trapframe *tf);
static int mon_setperm(int argc, char **argv, struct Trapframe *tf);
static int mon_dumpmem(int argc, char **argv, struct Trapframe *tf);
static int mon_meminfo(int argc, char **argv, struct Trapframe *tf);
static int mon_ps(int argc, char **argv, struct Trapframe *tf);
static int mon_audit(int argc, char **argv, struct Trapframe *tf);
static int mon_elfcheck(int argc, char **argv, struct Trapframe *tf);
static int mon_continue(int argc, char **argv, struct Trapframe *tf);
static int mon_stepi(int argc, char **argv, struct Trapframe *tf);
static int mon_exit(int argc, char **argv, struct Trapframe *tf);

static const struct Command commands[] = {
	{ "help", "", "Display this list of commands", mon_help },
	{ "kerninfo", "", "Display information about the kernel", mon_kerninfo },
	{ "backtrace", "", "Display the kernel's call stack", mon_backtrace },
	{ "test_backtrace", "N", "Recurse N deep, then show the backtrace", mon_test_backtrace },
	{ "formats", "", "Show what cprintf's formats print", mon_formats },
	{ "showmappings", "START END", "Show the page mappings of [START, END]", mon_showmappings },
	{ "setperm", "ADDR PERMS", "Set the permissions of the page at ADDR (e.g. W|U, 0x7)", mon_setperm },
	{ "dumpmem", "[-p] ADDR LEN", "Dump LEN bytes of virtual (or -p physical) memory", mon_dumpmem },
	{ "meminfo", "", "Count total, free and used physical pages", mon_meminfo },
	{ "ps", "", "List the environments", mon_ps },
	{ "audit", "", "Check every page's reference count and the free list", mon_audit },
	{ "elfcheck", "", "Show that malformed ELF images are refused", mon_elfcheck },
	{ "continue", "", "Resume the environment that hit a breakpoint", mon_continue },
	{ "c", "", "Same as continue", mon_continue },
	{ "stepi", "", "Execute one instruction of that environment", mon_stepi },
	{ "si", "", "Same as stepi", mon_stepi },
	{ "exit", "", "Leave QEMU", mon_exit },
};

// Ctrl-C stops a long listing (showmappings, dumpmem): true, and a line
// saying so, once it has been typed.
static bool
interrupted(void)
{
	if (!cons_interrupted())
		return false;
	cprintf("^C: stopped\n");
	return true;
}

static uint32_t
parse_num(const char *s, bool *ok)
{
	char *end;
	uint32_t v = strtol(s, &end, 0);
	*ok = (*s != '\0' && *end == '\0');
	return v;
}

/***** Basic commands *****/

static int
mon_help(int argc, char **argv, struct Trapframe *tf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		cprintf("%s%s%s - %s\n", commands[i].name, commands[i].args[0] ? " " : "",
			commands[i].args, commands[i].desc);
	return 0;
}

static int
mon_kerninfo(int argc, char **argv, struct Trapframe *tf)
{
	extern char _start[], entry[], etext[], edata[], end[];

	cprintf("Special kernel symbols:\n");
	cprintf("  _start                  %08x (phys)\n", (uint32_t) _start);
	cprintf("  entry  %08x (virt)  %08x (phys)\n", (uint32_t) entry, (uint32_t) entry - KERNBASE);
	cprintf("  etext  %08x (virt)  %08x (phys)\n", (uint32_t) etext, (uint32_t) etext - KERNBASE);
	cprintf("  edata  %08x (virt)  %08x (phys)\n", (uint32_t) edata, (uint32_t) edata - KERNBASE);
	cprintf("  end    %08x (virt)  %08x (phys)\n", (uint32_t) end, (uint32_t) end - KERNBASE);
	cprintf("Kernel executable memory footprint: %dKB\n",
		ROUNDUP(end - entry, 1024) / 1024);
	return 0;
}

/***** Backtraces *****/

// Walk the chain of saved %ebp values: each frame holds the caller's
// %ebp at 0(%ebp), the return address at 4(%ebp), the arguments above.
void
backtrace_from(uint32_t ebp)
{
	struct Eipdebuginfo info;

	cprintf("Stack backtrace:\n");
	while (ebp != 0) {
		uint32_t *frame = (uint32_t *) ebp;
		uint32_t eip = frame[1];
		cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n",
			ebp, eip, frame[2], frame[3], frame[4], frame[5], frame[6]);
		// eip is the return address: the call is the byte before it.
		debuginfo_eip(eip - 1, &info);
		cprintf("         %s:%d: %.*s+%d\n", info.eip_file, info.eip_line,
			info.eip_fn_namelen, info.eip_fn_name, eip - info.eip_fn_addr);
		// Only kernel stacks: the chain ends at trap() (kern/trapentry.S)
		// or i386_init() (kern/entry.S) with a saved %ebp of 0.
		if (frame[0] < KSTACKTOP - KSTKSIZE)
			break;
		ebp = frame[0];
	}
}

// Not inlined: its own frame is where the walk starts.
int __attribute__((noinline))
mon_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	backtrace_from(read_ebp());
	return 0;
}

// Recursion with a visible argument in every frame, for backtrace tests.
// Not static: GCC may pass a static function's arguments in registers.
void test_backtrace(int x);

void __attribute__((noinline))
test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}

static int
mon_test_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	bool ok = true;
	int n = argc > 1 ? parse_num(argv[1], &ok) : 5;

	if (!ok || n < 0 || n > 50) {
		cprintf("usage: test_backtrace N (0 to 50)\n");
		return 0;
	}
	test_backtrace(n);
	return 0;
}

static int
mon_formats(int argc, char **argv, struct Trapframe *tf)
{
	unsigned int i = 0x00646c72;
	char buf[80];

	cprintf("6828 decimal is %o octal!\n", 6828);
	cprintf("H%x Wo%s\n", 57616, (char *) &i);
	cprintf("x=%d y=%d\n", 3, -4);
	cprintf("[%5d] [%-5d] [%05d]\n", 42, 42, 42);
	cprintf("[%8x] [%-8x|] [%08x]\n", 0xbeef, 0xbeef, 0xbeef);
	cprintf("[%10s] [%-10s] [%.3s]\n", "right", "left", "truncated");
	cprintf("%u %i %c%c %%\n", 4000000000U, -17, 'o', 'k');
	cprintf("%ld %lu %lx\n", -123456789L, 3000000000UL, 0xabcdefUL);
	cprintf("%lld %llu %llx\n", -1234567890123LL, 18446744073709551615ULL, 0x123456789abcULL);
	cprintf("%p %p\n", (void *) 0xf0100000, (void *) 0);
	// %e takes an int, which GCC's printf checks of cprintf refuse: the
	// shared formatter shows it through snprintf.
	snprintf(buf, sizeof(buf), "%e | %e | %e", -E_NO_MEM, -E_BAD_ENV, -E_IPC_NOT_RECV);
	cprintf("%s\n", buf);
	return 0;
}

/***** Memory *****/

// The page directory of the address space we are looking at: the current
// environment's, or the kernel's.
static pde_t *
current_pgdir(void)
{
	return KADDR(rcr3());
}

static void
print_perm(uint32_t entry)
{
	static const struct { uint32_t bit; const char *name; } bits[] = {
		{ PTE_P, "P" }, { PTE_W, "W" }, { PTE_U, "U" }, { PTE_PWT, "PWT" },
		{ PTE_PCD, "PCD" }, { PTE_A, "A" }, { PTE_D, "D" }, { PTE_PS, "PS" },
		{ PTE_G, "G" }, { PTE_SHARE, "SHARE" }, { PTE_COW, "COW" },
	};
	size_t i;
	bool first = true;

	for (i = 0; i < ARRAY_SIZE(bits); i++)
		if (entry & bits[i].bit) {
			cprintf("%s%s", first ? "" : "|", bits[i].name);
			first = false;
		}
}

static int
mon_showmappings(int argc, char **argv, struct Trapframe *tf)
{
	pde_t *pgdir = current_pgdir();
	uint32_t start, end, va;
	bool ok1, ok2;

	if (argc != 3 || (start = parse_num(argv[1], &ok1), end = parse_num(argv[2], &ok2), !ok1 || !ok2)) {
		cprintf("usage: showmappings START END (addresses, e.g. 0xf0000000 0xf0010000)\n");
		return 0;
	}
	for (va = ROUNDDOWN(start, PGSIZE); va <= end; va += PGSIZE) {
		pde_t pde = pgdir[PDX(va)];
		uint32_t entry;

		if ((pde & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS))
			entry = pde + (va & (PTSIZE - 1));	// inside a 4 MiB page
		else if (pde & PTE_P)
			entry = ((pte_t *) KADDR(PTE_ADDR(pde)))[PTX(va)];
		else
			entry = 0;
		if (entry & PTE_P) {
			cprintf("%08x -> %08x  ", va, PTE_ADDR(entry));
			print_perm(entry);
			cprintf("\n");
		} else
			cprintf("%08x -> unmapped\n", va);
		if (va + PGSIZE < va)	// wrapped around the top
			break;
		if (interrupted())
			break;
	}
	return 0;
}

// PERMS: a number, or names joined by '|': P W U PWT PCD A D G SHARE COW,
// with or without a PTE_ prefix.
static int
parse_perm(const char *s, uint32_t *perm)
{
	static const struct { const char *name; uint32_t bit; } names[] = {
		{ "P", PTE_P }, { "W", PTE_W }, { "U", PTE_U }, { "PWT", PTE_PWT },
		{ "PCD", PTE_PCD }, { "A", PTE_A }, { "D", PTE_D }, { "G", PTE_G },
		{ "SHARE", PTE_SHARE }, { "COW", PTE_COW },
	};
	char word[16];
	bool ok;
	size_t i, n;

	*perm = parse_num(s, &ok);
	if (ok)
		return *perm <= 0xFFF ? 0 : -1;
	*perm = 0;
	while (*s) {
		if (strncmp(s, "PTE_", 4) == 0)
			s += 4;
		for (n = 0; s[n] && s[n] != '|' && n < sizeof(word) - 1; n++)
			word[n] = s[n];
		word[n] = '\0';
		for (i = 0; i < ARRAY_SIZE(names) && strcmp(names[i].name, word) != 0; i++)
			;
		if (i == ARRAY_SIZE(names))
			return -1;
		*perm |= names[i].bit;
		s += n;
		if (*s == '|')
			s++;
	}
	return 0;
}

static int
mon_setperm(int argc, char **argv, struct Trapframe *tf)
{
	uint32_t va, perm;
	bool ok;
	pte_t *pte;

	if (argc != 3 || (va = parse_num(argv[1], &ok), !ok) || parse_perm(argv[2], &perm) < 0) {
		cprintf("usage: setperm ADDR PERMS (PERMS: 0x7, or W|U, names P W U PWT PCD A D G SHARE COW)\n");
		return 0;
	}
	if (!(pte = pgdir_walk(current_pgdir(), (void *) va, 0)) || !(*pte & PTE_P)) {
		cprintf("setperm: %08x is not mapped by a page table entry\n", va);
		return 0;
	}
	*pte = PTE_ADDR(*pte) | perm | PTE_P;
	tlb_invalidate(current_pgdir(), (void *) va);
	cprintf("%08x -> %08x  ", ROUNDDOWN(va, PGSIZE), PTE_ADDR(*pte));
	print_perm(*pte);
	cprintf("\n");
	return 0;
}

static int
mon_dumpmem(int argc, char **argv, struct Trapframe *tf)
{
	bool phys = argc > 1 && strcmp(argv[1], "-p") == 0;
	uint32_t addr, len, a;
	bool ok1, ok2;

	if (argc != 3 + phys ||
	    (addr = parse_num(argv[1 + phys], &ok1), len = parse_num(argv[2 + phys], &ok2), !ok1 || !ok2)) {
		cprintf("usage: dumpmem [-p] ADDR LEN (virtual address, or -p physical)\n");
		return 0;
	}
	if (len == 0)
		return 0;
	// The last byte to show: no further than the end of the address
	// space (addr + len would wrap to a small number and show nothing).
	bool clipped = addr + len - 1 < addr;
	uint32_t last = clipped ? 0xFFFFFFFF : addr + len - 1;
	for (a = ROUNDDOWN(addr, 16); a <= last && a >= ROUNDDOWN(addr, 16); a += 16) {
		const uint8_t *p;
		int i;

		if (phys) {
			if (PGNUM(a) >= npages) {
				cprintf("%08x: beyond physical memory\n", a);
				break;
			}
			p = KADDR(a);
		} else {
			pte_t *pte = pgdir_walk(current_pgdir(), (void *) a, 0);
			pde_t pde = current_pgdir()[PDX(a)];
			if (!((pde & PTE_PS) && (pde & PTE_P)) && (!pte || !(*pte & PTE_P))) {
				cprintf("%08x: unmapped\n", a);
				a = ROUNDUP(a + 1, PGSIZE) - 16;
				if (interrupted())
					break;
				continue;
			}
			p = (const uint8_t *) a;
		}
		cprintf("%08x:", a);
		for (i = 0; i < 16; i++)
			cprintf(i == 8 ? "  %02x" : " %02x", p[i]);
		cprintf("  |");
		for (i = 0; i < 16; i++)
			cprintf("%c", p[i] >= ' ' && p[i] < 127 ? p[i] : '.');
		cprintf("|\n");
		if (interrupted())
			break;
	}
	if (!phys && clipped)
		cprintf("(the address space ends at ffffffff)\n");
	return 0;
}

static int
mon_meminfo(int argc, char **argv, struct Trapframe *tf)
{
	size_t nfree = page_free_count();

	cprintf("pages: %u total, %u free, %u used (%uK total, %uK free)\n",
		npages, nfree, npages - nfree, npages * 4, nfree * 4);
	swap_print();
	return 0;
}

/***** Environments *****/

static int
mon_ps(int argc, char **argv, struct Trapframe *tf)
{
	env_print_list();
	return 0;
}

static int
mon_audit(int argc, char **argv, struct Trapframe *tf)
{
	audit_pages(true);
	return 0;
}

static int
mon_elfcheck(int argc, char **argv, struct Trapframe *tf)
{
	env_check_elf();
	return 0;
}

// Resume the environment that trapped into the monitor: continue with the
// trap flag clear, stepi with it set, so it traps after one instruction.
static int
resume(struct Trapframe *tf, bool step)
{
	if (!tf || (tf->tf_cs & 3) != 3 || !curenv) {
		cprintf("No environment to resume: the monitor was not entered from a breakpoint.\n");
		return 0;
	}
	if (step)
		tf->tf_eflags |= FL_TF;
	else
		tf->tf_eflags &= ~FL_TF;
	env_run(curenv);
}

static int
mon_continue(int argc, char **argv, struct Trapframe *tf)
{
	return resume(tf, false);
}

static int
mon_stepi(int argc, char **argv, struct Trapframe *tf)
{
	return resume(tf, true);
}

static int
mon_exit(int argc, char **argv, struct Trapframe *tf)
{
	kernel_exit(0);
}

/***** The command interpreter *****/

#define WHITESPACE "\t\r\n "
#define MAXARGS 16

int
runcmd(char *buf, struct Trapframe *tf)
{
	int argc = 0;
	char *argv[MAXARGS];
	size_t i;

	// Split buf into words, in place.
	argv[argc] = 0;
	while (1) {
		while (*buf && strchr(WHITESPACE, *buf))
			*buf++ = 0;
		if (*buf == 0)
			break;
		if (argc == MAXARGS - 1) {
			cprintf("Too many arguments (max %d)\n", MAXARGS);
			return 0;
		}
		argv[argc++] = buf;
		while (*buf && !strchr(WHITESPACE, *buf))
			buf++;
	}
	argv[argc] = 0;

	if (argc == 0)
		return 0;
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].func(argc, argv, tf);
	cprintf("Unknown command '%s': type 'help' for the list of commands\n", argv[0]);
	return 0;
}

void
monitor(struct Trapframe *tf)
{
	char *buf;

	if (tf && tf->tf_trapno == T_DEBUG) {
		cprintf("=> %08x\n", tf->tf_eip);	// after one stepi
	} else {
		cprintf("Welcome to the JOS kernel monitor!\n");
		cprintf("Type 'help' for a list of commands.\n");
		if (tf != NULL)
			print_trapframe(tf);
	}

	// The other CPUs stop while someone types here (kern/mp.c).
	cpus_stop_others();
	while (1) {
		buf = mon_readline("K> ");
		if (buf != NULL && runcmd(buf, tf) < 0)
			break;
	}
	cpus_resume_others();
}
