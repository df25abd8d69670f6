#include <inc/x86.h>
#include <inc/elf.h>

/*
 * The second half of the boot sector: load the kernel, an ELF image that
 * starts at the disk's second sector, and jump to its entry point.
 *
 * Disk layout: sector 0 is this boot sector, the kernel follows from
 * sector 1. The disk is read with ATA PIO commands in 28-bit LBA mode.
 */

#define SECTSIZE	512
#define ELFHDR		((struct Elf *) 0x10000)	// scratch space

static void readseg(uint32_t pa, uint32_t count, uint32_t offset);

void
bootmain(void)
{
	struct Proghdr *ph, *eph;

	// The ELF header and program headers fit in the first page.
	readseg((uint32_t) ELFHDR, 4096, 0);
	if (ELFHDR->e_magic != ELF_MAGIC)
		return;

	// Load each segment at its physical address; zero the rest of it (bss).
	ph = (struct Proghdr *) ((uint8_t *) ELFHDR + ELFHDR->e_phoff);
	eph = ph + ELFHDR->e_phnum;
	for (; ph < eph; ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		readseg(ph->p_pa, ph->p_filesz, ph->p_offset);
		for (uint8_t *p = (uint8_t *) ph->p_pa + ph->p_filesz;
		     p < (uint8_t *) ph->p_pa + ph->p_memsz; p++)
			*p = 0;
	}

	((void (*)(void)) (ELFHDR->e_entry))();
}

static void
waitdisk(void)
{
	// Wait until the drive is ready: status BSY clear and DRDY set.
	while ((inb(0x1F7) & 0xC0) != 0x40)
		;
}

// Read nsect (1-255) consecutive sectors starting at sector lba into dst.
static void
readsects(void *dst, uint32_t lba, uint8_t nsect)
{
	waitdisk();
	outb(0x1F2, nsect);
	outb(0x1F3, lba);
	outb(0x1F4, lba >> 8);
	outb(0x1F5, lba >> 16);
	outb(0x1F6, (lba >> 24) | 0xE0);	// drive 0, LBA mode
	outb(0x1F7, 0x20);			// READ SECTORS
	for (; nsect > 0; nsect--, dst += SECTSIZE) {
		waitdisk();
		insl(0x1F0, dst, SECTSIZE/4);
	}
}

// Read count bytes at offset from the kernel into physical address pa.
// Whole sectors are read, so up to a sector before pa may be written too.
static void
readseg(uint32_t pa, uint32_t count, uint32_t offset)
{
	uint32_t end_pa = pa + count;
	uint32_t lba = (offset / SECTSIZE) + 1;	// the kernel starts at sector 1

	pa -= offset % SECTSIZE;
	while (pa < end_pa) {
		uint32_t n = (end_pa - pa + SECTSIZE - 1) / SECTSIZE;
		if (n > 128)
			n = 128;
		readsects((void *) pa, lba, n);
		pa += n * SECTSIZE;
		lba += n;
	}
}
