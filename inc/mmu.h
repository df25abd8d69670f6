#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

// The x86 memory management unit: paging, segmentation, and the
// descriptors and flag bits the kernel hands to the hardware.

/*
 * Paging.
 *
 * A linear address splits into a page directory index, a page table index
 * and an offset in the page:
 *
 * +--------10------+-------10-------+---------12----------+
 * | Page Directory |   Page Table   | Offset within Page  |
 * |      Index     |      Index     |                     |
 * +----------------+----------------+---------------------+
 *  \--- PDX(la) --/ \--- PTX(la) --/ \---- PGOFF(la) ----/
 *  \---------- PGNUM(la) ----------/
 */

#define PGNUM(la)	(((uintptr_t) (la)) >> PTXSHIFT)
#define PDX(la)		((((uintptr_t) (la)) >> PDXSHIFT) & 0x3FF)
#define PTX(la)		((((uintptr_t) (la)) >> PTXSHIFT) & 0x3FF)
#define PGOFF(la)	(((uintptr_t) (la)) & 0xFFF)
#define PGADDR(d, t, o)	((void*) ((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define NPDENTRIES	1024		// entries in a page directory
#define NPTENTRIES	1024		// entries in a page table

#define PGSIZE		4096		// bytes mapped by a page
#define PGSHIFT		12		// log2(PGSIZE)
#define PTSIZE		(PGSIZE*NPTENTRIES) // bytes mapped by a page directory entry
#define PTSHIFT		22		// log2(PTSIZE)

#define PTXSHIFT	12
#define PDXSHIFT	22

// Page table and directory entry flags.
#define PTE_P		0x001	// present
#define PTE_W		0x002	// writeable
#define PTE_U		0x004	// user
#define PTE_PWT		0x008	// write-through
#define PTE_PCD		0x010	// cache-disable
#define PTE_A		0x020	// accessed
#define PTE_D		0x040	// dirty
#define PTE_PS		0x080	// page size (4 MiB page, in a directory entry)
#define PTE_G		0x100	// global

// In an entry that is not present the hardware looks at no other bit: the
// kernel marks a page on the swap disk so, with the slot number where the
// address would be and the page's permissions kept (kern/swap.c).
#define PTE_SWAPPED	0x080	// not present: on the swap disk
#define PTE_SLOT(pte)	((uint32_t) (pte) >> PTXSHIFT)

// Bits 9-11 belong to software; the kernel and user programs share their meaning.
#define PTE_AVAIL	0xE00
#define PTE_SHARE	0x400	// fork() shares this page writable instead of copying
#define PTE_COW		0x800	// copy-on-write: a write gets a private copy

// The flags a system call may set in a user mapping.
#define PTE_SYSCALL	(PTE_AVAIL | PTE_P | PTE_W | PTE_U)

// The physical address in a page table or directory entry.
#define PTE_ADDR(pte)	((physaddr_t) (pte) & ~0xFFF)

// Control register flags.
#define CR0_PE		0x00000001	// protection enable
#define CR0_MP		0x00000002	// monitor coprocessor
#define CR0_EM		0x00000004	// emulation
#define CR0_TS		0x00000008	// task switched
#define CR0_ET		0x00000010	// extension type
#define CR0_NE		0x00000020	// numeric error
#define CR0_WP		0x00010000	// write protect, in ring 0 too
#define CR0_AM		0x00040000	// alignment mask
#define CR0_NW		0x20000000	// not write-through
#define CR0_CD		0x40000000	// cache disable
#define CR0_PG		0x80000000	// paging

#define CR4_PSE		0x00000010	// 4 MiB pages
#define CR4_PGE		0x00000080	// global pages

// EFLAGS.
#define FL_CF		0x00000001	// carry
#define FL_RESERVED	0x00000002	// always 1: the flags of a clean start
#define FL_PF		0x00000004	// parity
#define FL_AF		0x00000010	// auxiliary carry
#define FL_ZF		0x00000040	// zero
#define FL_SF		0x00000080	// sign
#define FL_TF		0x00000100	// trap (single step)
#define FL_IF		0x00000200	// interrupts enabled
#define FL_DF		0x00000400	// direction
#define FL_OF		0x00000800	// overflow
#define FL_IOPL_MASK	0x00003000	// I/O privilege level
#define FL_IOPL_0	0x00000000
#define FL_IOPL_3	0x00003000
#define FL_NT		0x00004000	// nested task
#define FL_RF		0x00010000	// resume
#define FL_VM		0x00020000	// virtual 8086 mode
#define FL_AC		0x00040000	// alignment check
#define FL_ID		0x00200000	// CPUID available

// The error code the CPU pushes for a page fault.
#define FEC_PR		0x1	// protection violation (else: page not present)
#define FEC_WR		0x2	// write (else: read)
#define FEC_U		0x4	// from user mode (else: kernel)


/*
 * Segmentation.
 */

#ifdef __ASSEMBLER__

// A null segment descriptor and a flat one, for the boot GDTs.
#define SEG_NULL						\
	.word 0, 0;						\
	.byte 0, 0, 0, 0
#define SEG(type,base,lim)					\
	.word (((lim) >> 12) & 0xffff), ((base) & 0xffff);	\
	.byte (((base) >> 16) & 0xff), (0x90 | (type)),		\
		(0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)

#else	// not __ASSEMBLER__

#include <inc/types.h>

// A segment descriptor, laid out as the CPU reads it.
struct Segdesc {
	unsigned sd_lim_15_0 : 16;
	unsigned sd_base_15_0 : 16;
	unsigned sd_base_23_16 : 8;
	unsigned sd_type : 4;		// STA_ or STS_ below
	unsigned sd_s : 1;		// 0 = system, 1 = code or data
	unsigned sd_dpl : 2;		// descriptor privilege level
	unsigned sd_p : 1;		// present
	unsigned sd_lim_19_16 : 4;
	unsigned sd_avl : 1;
	unsigned sd_rsv1 : 1;
	unsigned sd_db : 1;		// 0 = 16-bit, 1 = 32-bit
	unsigned sd_g : 1;		// limit in 4 KiB units
	unsigned sd_base_31_24 : 8;
};
#define SEG_NULL	(struct Segdesc){ 0 }
// A flat 4 GiB code or data segment.
#define SEG(type, base, lim, dpl) (struct Segdesc)			\
{ ((lim) >> 12) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,	\
    type, 1, dpl, 1, (unsigned) (lim) >> 28, 0, 0, 1, 1,		\
    (unsigned) (base) >> 24 }
// A byte-granular system segment (the TSS).
#define SEG16(type, base, lim, dpl) (struct Segdesc)			\
{ (lim) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,		\
    type, 1, dpl, 1, (unsigned) (lim) >> 16, 0, 0, 1, 0,		\
    (unsigned) (base) >> 24 }

#endif /* !__ASSEMBLER__ */

// Code and data segment types (sd_s = 1).
#define STA_X		0x8	    // executable
#define STA_E		0x4	    // expand down (data)
#define STA_C		0x4	    // conforming (code)
#define STA_W		0x2	    // writeable (data)
#define STA_R		0x2	    // readable (code)
#define STA_A		0x1	    // accessed

// System segment types (sd_s = 0).
#define STS_T32A	0x9	    // available 32-bit TSS
#define STS_T32B	0xB	    // busy 32-bit TSS
#define STS_IG32	0xE	    // 32-bit interrupt gate
#define STS_TG32	0xF	    // 32-bit trap gate

#ifndef __ASSEMBLER__

// The 32-bit task state segment. The kernel uses only ss0:esp0, where the
// CPU switches stacks when a trap arrives from user mode, and the I/O map
// base, set past the end so that user mode has no I/O ports.
struct Taskstate {
	uint32_t ts_link;
	uintptr_t ts_esp0;
	uint16_t ts_ss0;
	uint16_t ts_padding1;
	uintptr_t ts_esp1;
	uint16_t ts_ss1;
	uint16_t ts_padding2;
	uintptr_t ts_esp2;
	uint16_t ts_ss2;
	uint16_t ts_padding3;
	physaddr_t ts_cr3;
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_eax;
	uint32_t ts_ecx;
	uint32_t ts_edx;
	uint32_t ts_ebx;
	uintptr_t ts_esp;
	uintptr_t ts_ebp;
	uint32_t ts_esi;
	uint32_t ts_edi;
	uint16_t ts_es;
	uint16_t ts_padding4;
	uint16_t ts_cs;
	uint16_t ts_padding5;
	uint16_t ts_ss;
	uint16_t ts_padding6;
	uint16_t ts_ds;
	uint16_t ts_padding7;
	uint16_t ts_fs;
	uint16_t ts_padding8;
	uint16_t ts_gs;
	uint16_t ts_padding9;
	uint16_t ts_ldt;
	uint16_t ts_padding10;
	uint16_t ts_t;
	uint16_t ts_iomb;
};

// An interrupt or trap gate in the IDT.
struct Gatedesc {
	unsigned gd_off_15_0 : 16;
	unsigned gd_sel : 16;		// code segment selector
	unsigned gd_args : 5;
	unsigned gd_rsv1 : 3;
	unsigned gd_type : 4;		// STS_IG32 or STS_TG32
	unsigned gd_s : 1;		// 0
	unsigned gd_dpl : 2;		// lowest privilege that may "int" to it
	unsigned gd_p : 1;
	unsigned gd_off_31_16 : 16;
};

// Fill in a gate. An interrupt gate (istrap 0) clears IF on entry, a trap
// gate leaves it; the kernel uses interrupt gates only, so it always runs
// with interrupts off.
#define SETGATE(gate, istrap, sel, off, dpl)			\
{								\
	(gate).gd_off_15_0 = (uint32_t) (off) & 0xffff;		\
	(gate).gd_sel = (sel);					\
	(gate).gd_args = 0;					\
	(gate).gd_rsv1 = 0;					\
	(gate).gd_type = (istrap) ? STS_TG32 : STS_IG32;	\
	(gate).gd_s = 0;					\
	(gate).gd_dpl = (dpl);					\
	(gate).gd_p = 1;					\
	(gate).gd_off_31_16 = (uint32_t) (off) >> 16;		\
}

// The operand of lgdt and lidt.
struct Pseudodesc {
	uint16_t pd_lim;
	uint32_t pd_base;
} __attribute__ ((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !JOS_INC_MMU_H */
