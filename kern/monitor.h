#ifndef JOS_KERN_MONITOR_H
#define JOS_KERN_MONITOR_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

struct Trapframe;

// The kernel monitor: a command loop on the console. tf is the frame of
// the trap that entered it (a breakpoint), or NULL.
void monitor(struct Trapframe *tf);
int runcmd(char *buf, struct Trapframe *tf);

// The line editor (kern/lineedit.c): a line of at most MON_LINE_MAX - 1
// characters; up/down reach the last MON_HISTORY lines.
#define MON_LINE_MAX	160
#define MON_HISTORY	16
char *mon_readline(const char *prompt);

int mon_backtrace(int argc, char **argv, struct Trapframe *tf);
void backtrace_from(uint32_t ebp);

#endif	// !JOS_KERN_MONITOR_H
