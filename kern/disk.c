// The swap disk: QEMU's disk index 2, the master drive of the second ATA
// channel (ports 0x170-0x177 and 0x376), driven by the kernel with
// programmed I/O. The first channel belongs to the file server, which
// drives it from user mode: the kernel never touches its ports. The
// kernel polls the status register; the drive's interrupt stays off.

#include <inc/x86.h>
#include <inc/stdio.h>

#include <kern/disk.h>

#define ATA2_BASE	0x170	// data, error, count, LBA 0-23, drive, status
#define ATA2_CTRL	0x376	// device control
#define ATA_DATA	0
#define ATA_COUNT	2
#define ATA_LBA0	3
#define ATA_LBA1	4
#define ATA_LBA2	5
#define ATA_DRIVE	6
#define ATA_STATUS	7	// read: status, write: command

#define ATA_BSY		0x80
#define ATA_DRDY	0x40
#define ATA_DF		0x20
#define ATA_DRQ		0x08
#define ATA_ERR		0x01

#define ATA_CMD_READ	0x20
#define ATA_CMD_WRITE	0x30
#define ATA_CMD_IDENTIFY 0xEC
#define ATA_NIEN	0x02	// device control: no interrupts
#define ATA_MASTER_LBA	0xE0	// drive register: master, LBA addressing

// A drive answers within this many polls (seconds), or is broken. QEMU
// reads and writes its image in another thread, which a loaded host may
// leave waiting a long time. At boot, a drive that is there is ready at once.
#define ATA_POLLS	200000000
#define ATA_PROBE_POLLS	100000

// Wait until the drive is not busy and shows the bits of `want`.
// Returns its status, or -1 when it reports an error or never answers.
static int
ata_wait(uint8_t want, uint32_t polls)
{
	uint32_t i;
	uint8_t s;

	for (i = 0; i < polls; i++) {
		s = inb(ATA2_BASE + ATA_STATUS);
		if (s == 0xFF)
			return -1;		// nothing on the bus
		if (s & ATA_BSY)
			continue;
		if (s & (ATA_ERR | ATA_DF))
			return -1;
		if ((s & want) == want)
			return s;
	}
	return -1;
}

static void
ata_command(uint32_t sector, uint32_t nsect, uint8_t cmd)
{
	outb(ATA2_BASE + ATA_COUNT, nsect);
	outb(ATA2_BASE + ATA_LBA0, sector & 0xFF);
	outb(ATA2_BASE + ATA_LBA1, (sector >> 8) & 0xFF);
	outb(ATA2_BASE + ATA_LBA2, (sector >> 16) & 0xFF);
	outb(ATA2_BASE + ATA_DRIVE, ATA_MASTER_LBA | ((sector >> 24) & 0x0F));
	outb(ATA2_BASE + ATA_STATUS, cmd);
}

// The number of sectors on the swap disk, 0 if there is none (no drive,
// or a CD-ROM, which make qemu's QEMU puts there by default).
uint32_t
swapdisk_probe(void)
{
	uint32_t id[128];
	uint16_t *w = (uint16_t *) id;

	if (inb(ATA2_BASE + ATA_STATUS) == 0xFF)
		return 0;
	outb(ATA2_CTRL, ATA_NIEN);
	outb(ATA2_BASE + ATA_DRIVE, ATA_MASTER_LBA);
	if (inb(ATA2_BASE + ATA_STATUS) == 0 || ata_wait(ATA_DRDY, ATA_PROBE_POLLS) < 0)
		return 0;
	ata_command(0, 0, ATA_CMD_IDENTIFY);
	if (ata_wait(ATA_DRQ, ATA_PROBE_POLLS) < 0)
		return 0;		// a CD-ROM aborts IDENTIFY
	insl(ATA2_BASE + ATA_DATA, id, 128);
	return w[60] | ((uint32_t) w[61] << 16);	// LBA28 sectors
}

// Read or write nsect (1-255) sectors from `sector` on, through buf.
// Returns 0, or -1 when the drive reports an error or does not answer.
int
swapdisk_rw(uint32_t sector, void *buf, uint32_t nsect, bool write)
{
	uint32_t i;

	if (ata_wait(ATA_DRDY, ATA_POLLS) < 0)
		return -1;
	ata_command(sector, nsect, write ? ATA_CMD_WRITE : ATA_CMD_READ);
	for (i = 0; i < nsect; i++, buf += SECTSIZE) {
		if (ata_wait(ATA_DRQ, ATA_POLLS) < 0)
			return -1;
		if (write)
			outsl(ATA2_BASE + ATA_DATA, buf, SECTSIZE / 4);
		else
			insl(ATA2_BASE + ATA_DATA, buf, SECTSIZE / 4);
	}
	// A write is done when the drive is no longer busy.
	return write && ata_wait(0, ATA_POLLS) < 0 ? -1 : 0;
}
