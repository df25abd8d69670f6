#ifndef JOS_KERN_CMDLINE_H
#define JOS_KERN_CMDLINE_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

// The most the kernel takes; a longer command line is refused, not cut.
#define CMDLINE_MAXLEN	 16384		// bytes
#define CMDLINE_MAXWORDS 256

// What the kernel command line asks for. See kern/cmdline.c for the syntax.
struct Cmdline {
	bool batch;		// nobody at the console: exit QEMU when done
	bool trace_syscall;	// print every system call
	bool trace_trap;	// print every trap
	bool audit;		// audit page references when the system goes idle
	bool quiet;		// no boot-time self-check lines
	bool timing;		// report the cycles from kernel entry to user mode
	bool user_cow;		// copy-on-write faults go to the user's handler
	uint32_t envgens;	// generations of a slot before its ids repeat (0: all)
	bool nofs;		// start no file server (lab 3 and 4 programs)
	bool swap;		// swap to QEMU's disk 2 (kern/swap.c)
	const char *run;	// the first user program, or NULL
	int nmon;		// monitor commands to run at boot
	char *mon[CMDLINE_MAXWORDS];
	int argc;		// the user program's arguments, argv[0] = run
	char *argv[CMDLINE_MAXWORDS];
};

extern struct Cmdline cmdline;

void cmdline_init(void);

int	fwcfg_ncpus(void);

#endif	// !JOS_KERN_CMDLINE_H
