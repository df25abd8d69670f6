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

int mon_backtrace(int argc, char **argv, struct Trapframe *tf);
void backtrace_from(uint32_t ebp);

#endif	// !JOS_KERN_MONITOR_H
