#ifndef JOS_KERN_SCHED_H
#define JOS_KERN_SCHED_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

void sched_yield(void) __attribute__((noreturn));
void sched_yield_after(envid_t id) __attribute__((noreturn));
void sched_halt(void) __attribute__((noreturn));
void sched_wake_idle_cpu(void);
void kernel_exit(int failed) __attribute__((noreturn));

#endif	// !JOS_KERN_SCHED_H
