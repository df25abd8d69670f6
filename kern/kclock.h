#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H
#ifndef JOS_KERNEL
# error "This is a JOS kernel header; user programs should not #include it"
#endif

// The CMOS (MC146818) non-volatile RAM, where the BIOS leaves memory sizes.
#define NVRAM_BASELO	0x15	// base memory size in KiB
#define NVRAM_BASEHI	0x16
#define NVRAM_EXTLO	0x17	// memory between 1 MiB and 16 MiB, in KiB
#define NVRAM_EXTHI	0x18
#define NVRAM_EXT16LO	0x34	// memory above 16 MiB, in 64 KiB units
#define NVRAM_EXT16HI	0x35

unsigned mc146818_read(unsigned reg);

// The 8253 programmable interval timer: channel 0 drives IRQ 0.
#define TIMER_HZ	100
void timer_init(void);

#endif	// !JOS_KERN_KCLOCK_H
