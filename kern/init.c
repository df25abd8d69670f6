// The kernel's C entry point, and panic.

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/monitor.h>
#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/kclock.h>
#include <kern/cmdline.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>

// The program that runs when the command line names none: init (which
// runs the shell) when there are files, else hello.
#define DEFAULT_PROGRAM		"init"
#define DEFAULT_PROGRAM_NOFS	"hello"

void
i386_init(void)
{
	extern char edata[], end[];
	int i;

	// The boot sector zeroes the bss, but a kernel loaded some other way
	// (a debugger, say) may find garbage there.
	memset(edata, 0, end - edata);

	cons_init();
	cprintf("6828 decimal is %o octal!\n", 6828);
	cmdline_init();

	mem_init();
	mp_init();
	env_init();
	trap_init();
	pic_init();
	// Each CPU's local APIC timer preempts it; the 8253 only where the
	// BIOS showed no local APIC.
	lapic_init();
	if (!lapicaddr)
		timer_init();
	// Console input arrives by interrupt while user code runs.
	irq_setmask_8259A(irq_mask_8259A & ~(1 << IRQ_KBD) & ~(1 << IRQ_SERIAL));

	for (i = 0; i < cmdline.nmon; i++) {
		cprintf("K> %s\n", cmdline.mon[i]);
		runcmd(cmdline.mon[i], NULL);
	}

	// CPU 0 holds the big kernel lock through boot (kern/spinlock.h):
	// the others wait for it before they schedule.
	lock_kernel();
	boot_aps();

	cprintf("free pages: %u (boot)\n", page_free_count());
	// The file server comes first (00001000), as in JOS lab 5.
	if (!cmdline.nofs)
		env_create_fs();
	if (cmdline.run) {
		env_create(cmdline.run, cmdline.argc, cmdline.argv);
	} else if (cmdline.nmon == 0) {
		char *argv[] = { DEFAULT_PROGRAM, NULL };
		if (cmdline.nofs || !env_program_exists(DEFAULT_PROGRAM))
			argv[0] = DEFAULT_PROGRAM_NOFS;
		env_create(argv[0], 1, argv);
	}

	sched_yield();
}


// The first panic's message; a panic inside a panic just stops.
const char *panicstr;

void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (panicstr)
		goto dead;
	panicstr = fmt;

	asm volatile("cli; cld");
	va_start(ap, fmt);
	cprintf("kernel panic at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
	backtrace_from(read_ebp());

dead:
	if (cmdline.batch)
		kernel_exit(1);
	while (1)
		monitor(NULL);
}

void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("kernel warning at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
