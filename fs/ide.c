// The disk: programmed I/O to the slave drive of the primary IDE channel
// (QEMU's -drive index=1), by polling. Only the file server may do I/O
// (the kernel gives it IOPL 3).

#include <inc/x86.h>

#include "fs.h"

#define IDE_DATA	0x1F0
#define IDE_NSECT	0x1F2
#define IDE_LBA0	0x1F3
#define IDE_LBA1	0x1F4
#define IDE_LBA2	0x1F5
#define IDE_DRIVE	0x1F6	// 0xE0 | slave bit | LBA bits 24-27
#define IDE_STATUS	0x1F7	// read: status; write: command
#define IDE_CTRL	0x3F6

#define IDE_SLAVE	0x10
#define IDE_LBA		0xE0
#define IDE_NIEN	0x02	// IDE_CTRL: no interrupts; we poll

#define IDE_BSY		0x80
#define IDE_DRDY	0x40
#define IDE_DF		0x20
#define IDE_DRQ		0x08
#define IDE_ERR		0x01

#define CMD_READ	0x20
#define CMD_WRITE	0x30
#define CMD_READ_MULTIPLE	0xC4
#define CMD_WRITE_MULTIPLE	0xC5
#define CMD_SET_MULTIPLE	0xC6
#define CMD_IDENTIFY	0xEC

// Sectors moved per data request in multiple mode: two blocks, or one if
// the drive cannot. With plain READ/WRITE SECTORS, QEMU does one host I/O
// per sector, each one polled for; READ/WRITE MULTIPLE does one per data
// request.
#define MULT_SECTORS	(2 * BLKSECTS)

// Sectors per data request, once the drive has accepted multiple mode.
static int mult_sectors = 1;

// Polls before deciding that no drive answers (the probe): far more than
// any real or emulated drive needs, few enough that a missing one costs a
// fraction of a second.
#define IDE_POLLS	1000000

// A drive that answered the probe is slow only when its host is: QEMU
// moves the data in a host thread, which a loaded machine may not run for
// seconds. Transfers poll this many times, giving the CPU away between
// polls once the first IDE_POLLS are spent, before calling it a disk
// error: minutes, not a busy host's hiccup.
#define IDE_POLLS_XFER	(200 * IDE_POLLS)

// Waits until (status & mask) == want, polling up to `polls` times.
// Returns 0, or -E_UNSPECIFIED when the drive reports an error or never
// gets there.
static int
ide_wait_polls(uint8_t mask, uint8_t want, int polls)
{
	uint8_t s;
	int i;

	for (i = 0; i < polls; i++) {
		s = inb(IDE_STATUS);
		if (!(s & IDE_BSY) && (s & (IDE_DF | IDE_ERR)))
			return -E_UNSPECIFIED;
		if ((s & mask) == want)
			return 0;
		if (i >= IDE_POLLS)
			sys_yield();
	}
	return -E_UNSPECIFIED;
}

// Waits for a drive known to be there (see IDE_POLLS_XFER).
static int
ide_wait(uint8_t mask, uint8_t want)
{
	return ide_wait_polls(mask, want, IDE_POLLS_XFER);
}

// Selects disk 1 and sends a command for nsecs sectors from secno.
static int
ide_command(uint8_t cmd, uint32_t secno, size_t nsecs)
{
	if (nsecs == 0 || nsecs > 256 || secno >= (1 << 28))
		return -E_INVAL;
	if (ide_wait(IDE_BSY | IDE_DRDY, IDE_DRDY) < 0)
		return -E_UNSPECIFIED;
	outb(IDE_NSECT, nsecs & 0xFF);	// 0 means 256
	outb(IDE_LBA0, secno & 0xFF);
	outb(IDE_LBA1, (secno >> 8) & 0xFF);
	outb(IDE_LBA2, (secno >> 16) & 0xFF);
	outb(IDE_DRIVE, IDE_LBA | IDE_SLAVE | ((secno >> 24) & 0x0F));
	outb(IDE_STATUS, cmd);
	return 0;
}

// Is there an ATA disk at index 1? Stores its size in sectors. Returns 0
// or -E_NOT_FOUND.
int
ide_probe_disk1(uint32_t *nsectors)
{
	uint16_t id[256];
	uint8_t s;
	int i;

	outb(IDE_CTRL, IDE_NIEN);
	outb(IDE_DRIVE, IDE_LBA | IDE_SLAVE);
	// No drive: the status register floats at 0 (QEMU) or 0xFF.
	for (i = 0; i < 4; i++)
		s = inb(IDE_STATUS);
	if (s == 0 || s == 0xFF)
		return -E_NOT_FOUND;

	outb(IDE_NSECT, 0);
	outb(IDE_LBA0, 0);
	outb(IDE_LBA1, 0);
	outb(IDE_LBA2, 0);
	outb(IDE_STATUS, CMD_IDENTIFY);
	if (inb(IDE_STATUS) == 0 || ide_wait_polls(IDE_BSY, 0, IDE_POLLS) < 0)
		return -E_NOT_FOUND;
	// A CD drive (ATAPI) answers with a signature here.
	if (inb(IDE_LBA1) != 0 || inb(IDE_LBA2) != 0)
		return -E_NOT_FOUND;
	if (ide_wait_polls(IDE_DRQ, IDE_DRQ, IDE_POLLS) < 0)
		return -E_NOT_FOUND;
	insl(IDE_DATA, id, sizeof(id) / 4);
	// Words 60-61: sectors addressable with 28-bit LBA.
	*nsectors = id[60] | (uint32_t) id[61] << 16;

	// Word 47, low byte: the most sectors per request multiple mode allows.
	for (i = MULT_SECTORS; i >= BLKSECTS; i /= 2) {
		if ((id[47] & 0xFF) < i || ide_wait(IDE_BSY | IDE_DRDY, IDE_DRDY) < 0)
			continue;
		outb(IDE_NSECT, i);
		outb(IDE_DRIVE, IDE_LBA | IDE_SLAVE);
		outb(IDE_STATUS, CMD_SET_MULTIPLE);
		if (ide_wait(IDE_BSY, 0) == 0) {
			mult_sectors = i;
			break;
		}
	}
	return 0;
}

int
ide_read(uint32_t secno, void *dst, size_t nsecs)
{
	size_t n;
	int r;

	if ((r = ide_command(mult_sectors > 1 ? CMD_READ_MULTIPLE : CMD_READ, secno, nsecs)) < 0)
		return r;
	for (; nsecs > 0; nsecs -= n, dst += n * SECTSIZE) {
		n = MIN(nsecs, mult_sectors);
		if ((r = ide_wait(IDE_BSY | IDE_DRQ, IDE_DRQ)) < 0)
			return r;
		insl(IDE_DATA, dst, n * SECTSIZE / 4);
	}
	return 0;
}

int
ide_write(uint32_t secno, const void *src, size_t nsecs)
{
	size_t n;
	int r;

	if ((r = ide_command(mult_sectors > 1 ? CMD_WRITE_MULTIPLE : CMD_WRITE, secno, nsecs)) < 0)
		return r;
	for (; nsecs > 0; nsecs -= n, src += n * SECTSIZE) {
		n = MIN(nsecs, mult_sectors);
		if ((r = ide_wait(IDE_BSY | IDE_DRQ, IDE_DRQ)) < 0)
			return r;
		outsl(IDE_DATA, src, n * SECTSIZE / 4);
	}
	return ide_wait(IDE_BSY, 0);
}
